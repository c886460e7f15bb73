// English UI strings. Kernel names stay kernel names (UI.md); /proc text is never translated.
export default {
  app: {
    title: 'VM Lab',
    tagline: 'Linux x86-64 memory management, simulated as kernel 6.18 does it'
  },
  pane: {
    console: {
      title: 'Console',
      header: 'Type VML: the simulated kernel answers as Linux 6.18 would.',
      info: 'Each line is one VML command (see the VML reference). `cat /proc/meminfo` prints the file exactly as Linux prints it; `machine ram=512M` boots a new machine. Tab completes command names, ↑/↓ walk the history, Ctrl+L clears.'
    },
    meminfo: {
      title: 'Meminfo',
      header: '/proc/meminfo, recomputed after every command.',
      info: 'Every field of Linux 6.18’s /proc/meminfo (fs/proc/meminfo.c). Δ is the change made by the last command; a changed row is marked until the next one. Hover a field for what it counts.'
    },
    reference: {
      title: 'VML reference',
      header: 'The commands this version simulates, and their Linux counterparts.',
      info: 'VML is the lab’s script language: the console, lab files and `vmlab run` all speak it. Commands of the full language not simulated yet are listed at the bottom.'
    }
  },
  console: {
    placeholder: 'VML command, e.g. cat /proc/meminfo — Tab completes, ↑/↓ history',
    run: 'Run',
    cancel: 'Cancel',
    clear: 'Clear',
    welcome: 'VM Lab — a simulated Linux 6.18 x86-64 machine. Try `cat /proc/meminfo`, `machine ram=512M`, or `help`.',
    completions: 'Completions: {list}',
    noCompletion: 'No command starts with “{prefix}”.',
    restarted: 'The engine stopped ({reason}) and was restarted; {replayed} session steps were replayed.',
    lost: 'The command that was running was lost: {line}',
    script: 'Running a script of {n} lines… (Esc cancels) | Running a script of 1 line… | Running a script of {n} lines… (Esc cancels)',
    scriptCancelled: 'Cancelled after {ran} of {total} lines; what ran stays done.',
    scriptTooLong: 'A script may hold at most {max} characters; split it into parts.',
    cancelled: 'Cancelled.',
    disconnected: 'Not connected to the engine.',
    syntaxHint: 'Type `help` for the commands, or `help COMMAND` for one.'
  },
  meminfo: {
    field: 'Field',
    value: 'Value',
    human: 'Size',
    delta: 'Δ',
    changed: 'changed by the last command',
    unchanged: 'no change',
    noData: 'Waiting for the engine…',
    changedCount: '{n} fields changed by the last command | {n} field changed by the last command | {n} fields changed by the last command',
    nothingChanged: 'The last command changed nothing here.'
  },
  reference: {
    command: 'Command',
    usage: 'Usage',
    linux: 'Linux',
    planned: 'Not simulated yet: {list}'
  },
  status: {
    machine: '{ram} RAM · {cpus} CPU | {ram} RAM · {cpus} CPU | {ram} RAM · {cpus} CPUs',
    swap: 'swap {size}',
    noSwap: 'no swap',
    process: 'process: {name}',
    noProcess: 'no process',
    cpu: 'CPU {n}',
    commands: 'no commands | 1 command | {n} commands',
    idle: 'idle',
    running: 'running',
    restarted: 'restarted',
    unsaved: 'unsaved changes',
    language: 'Language'
  },
  about: {
    title: 'About VM Lab',
    body: 'VM Lab {version} simulates Linux {linux} memory management for the classroom: struct page and the buddy allocator, SLUB and vmalloc, mm_struct and its maple tree of VMAs, page tables behind CR3 and the TLB.',
    host: 'Running in: {host}',
    close: 'Close'
  },
  menu: {
    later: 'Comes in a later version'
  },
  layout: {
    invalid: 'The saved layout could not be restored; the default layout is used.'
  },
  commands: {
    machine: 'Reset the simulated machine with these settings (the others keep their defaults) and boot it.',
    cat: 'Print a procfs file exactly as Linux 6.x prints it.',
    expect: 'Check a field of a procfs file or a variable; a failed check is reported and the script goes on.',
    help: 'List the commands, or show how to use one.'
  }
}
