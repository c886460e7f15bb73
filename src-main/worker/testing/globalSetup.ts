// vitest global setup: build the engine worker once for every test that starts one.
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { bundleEngineWorker } from './bundleWorker'

declare module 'vitest' {
  export interface ProvidedContext {
    engineWorkerPath: string
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('engineWorkerPath', await bundleEngineWorker(resolve(import.meta.dirname, '../../..')))
}
