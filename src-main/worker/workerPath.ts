// The built engine worker, as electron-vite emits it next to the main bundle.
import enginePath from './engine.worker?modulePath'

export const ENGINE_WORKER_PATH: string = enginePath
