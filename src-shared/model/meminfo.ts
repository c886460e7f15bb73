// One line of /proc/meminfo as the engine computed it. `text` is the line exactly as Linux
// prints it (fs/proc/meminfo.c: show_val_kb() and friends); `value` is the number on it,
// in the line's unit (`kB`, or a bare count for the HugePages_* lines).

export interface MeminfoField {
  name: string
  value: number
  unit: 'kB' | ''
  text: string
}
