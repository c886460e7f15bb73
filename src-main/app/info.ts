// What `app.info` answers: the product, its version and where the UI runs.
import type { AppInfo } from '@shared/ipc/contract'
import pkg from '../../package.json'

export function appInfo(host: AppInfo['host']): AppInfo {
  return { name: pkg.productName, version: pkg.version, host, linux: '6.18 x86-64' }
}
