// Every built-in lab must run to the end with all its checks holding, on the engine as it is.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Engine } from '../engine/engine'

const LABS = join(__dirname, '..', '..', 'labs')
const scripts = readdirSync(LABS).filter((f) => f.endsWith('.vml'))

describe('built-in labs', () => {
  it('has a guide next to each script', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(2)
    for (const f of scripts) expect(readdirSync(LABS)).toContain(f.replace(/\.vml$/, '.md'))
  })

  it.each(scripts)('%s runs with every check holding and no line failing to run', (f) => {
    const r = new Engine({ debug: true }).execScript(readFileSync(join(LABS, f), 'utf8'))
    expect(r.status).toBe('done')
    expect(r.exitCode).toBe(0)
    // A runtime error (an unbound variable, a missing field) is a broken lab too.
    expect(r.results.filter((x) => x.diagnostic?.kind === 'runtime').map((x) => x.output)).toEqual([])
  })
})
