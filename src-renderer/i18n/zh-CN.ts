// 简体中文界面文字。内核名称保持原样（UI.md）；/proc 文本不翻译。
import type en from './en'

const zhCN: typeof en = {
  app: {
    title: 'VM Lab',
    tagline: '按 Linux 6.18 内核的方式模拟 x86-64 内存管理'
  },
  pane: {
    console: {
      title: '控制台',
      header: '输入 VML 命令：模拟内核按 Linux 6.18 的方式作答。',
      info: '每行一条 VML 命令（见“VML 参考”）。`cat /proc/meminfo` 按 Linux 的原样格式打印该文件；`machine ram=512M` 启动一台新机器。Tab 补全命令名，↑/↓ 浏览历史，Ctrl+L 清屏。'
    },
    meminfo: {
      title: '内存信息（meminfo）',
      header: '/proc/meminfo，每条命令之后重新计算。',
      info: 'Linux 6.18 的 /proc/meminfo 的全部字段（fs/proc/meminfo.c）。Δ 是上一条命令造成的变化；变化的行会一直标记到下一条命令。把鼠标停在字段上可查看它统计的内容。'
    },
    reference: {
      title: 'VML 参考',
      header: '本版本模拟的命令及其对应的 Linux 机制。',
      info: 'VML 是本实验的脚本语言：控制台、实验文件和 `vmlab run` 都使用它。完整语言中尚未模拟的命令列在最下方。'
    }
  },
  console: {
    placeholder: 'VML 命令，例如 cat /proc/meminfo — Tab 补全，↑/↓ 历史',
    run: '运行',
    cancel: '取消',
    clear: '清屏',
    welcome: 'VM Lab — 一台模拟的 Linux 6.18 x86-64 机器。试试 `cat /proc/meminfo`、`machine ram=512M` 或 `help`。',
    completions: '可补全：{list}',
    noCompletion: '没有以“{prefix}”开头的命令。',
    restarted: '模拟引擎已停止（{reason}）并已重启；已重放 {replayed} 个会话步骤。',
    lost: '正在运行的命令已丢失：{line}',
    script: '正在运行 {n} 行脚本…（按 Esc 取消）',
    scriptCancelled: '已在第 {ran}/{total} 行后取消；已执行的命令保持生效。',
    scriptTooLong: '脚本最多 {max} 个字符；请拆分后分段运行。',
    cancelled: '已取消。',
    disconnected: '未连接到模拟引擎。',
    syntaxHint: '输入 `help` 查看命令列表，或 `help 命令名` 查看某条命令的用法。'
  },
  meminfo: {
    field: '字段',
    value: '数值',
    human: '大小',
    delta: 'Δ',
    changed: '上一条命令改变了它',
    unchanged: '无变化',
    noData: '正在等待模拟引擎…',
    changedCount: '上一条命令改变了 {n} 个字段',
    nothingChanged: '上一条命令没有改变这里的任何值。'
  },
  reference: {
    command: '命令',
    usage: '用法',
    linux: 'Linux 对应机制',
    planned: '尚未模拟：{list}'
  },
  status: {
    machine: '内存 {ram} · {cpus} 个 CPU',
    swap: '交换区 {size}',
    noSwap: '无交换区',
    process: '进程：{name}',
    noProcess: '无进程',
    cpu: 'CPU {n}',
    commands: '{n} 条命令',
    idle: '空闲',
    running: '运行中',
    restarted: '已重启',
    unsaved: '有未保存的更改',
    language: '语言'
  },
  about: {
    title: '关于 VM Lab',
    body: 'VM Lab {version} 为课堂模拟 Linux {linux} 的内存管理：struct page 与伙伴系统、SLUB 与 vmalloc、mm_struct 及其 VMA 的 maple 树、CR3 背后的页表以及 TLB（快表）。',
    host: '运行环境：{host}',
    close: '关闭'
  },
  menu: {
    later: '将在后续版本中提供'
  },
  layout: {
    invalid: '无法恢复已保存的布局，已使用默认布局。'
  },
  commands: {
    machine: '按给定设置重置模拟机器（其余设置取默认值）并启动。',
    cat: '按 Linux 6.x 的原样格式打印一个 procfs 文件。',
    expect: '检查 procfs 文件中的某个字段或某个变量；检查失败会被报告，脚本继续执行。',
    help: '列出所有命令，或显示某条命令的用法。'
  }
}

export default zhCN
