// The host's file system for the engine's commands that read a file (`trace`), on the main-process
// side: the engine itself imports nothing from Node. Files are read in chunks, never whole.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import type { FileSource } from '../engine/engine'

export const nodeFiles: FileSource = {
  open(path) {
    try {
      const fd = openSync(path, 'r')
      const st = fstatSync(fd)
      if (st.isDirectory()) {
        closeSync(fd)
        return { error: 'Is a directory' }
      }
      return {
        size: st.size,
        read: (into) => readSync(fd, into, 0, into.length, null),
        close: () => closeSync(fd)
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      return { error: code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : (e as Error).message }
    }
  }
}
