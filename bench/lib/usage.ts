// What the servers spent during one phase, read from /proc: peak RSS (VmHWM, reset per phase) and CPU time
// (utime + stime of every process in each server's tree, worker threads included), so "per core" can be
// throughput / cores the server actually used rather than / cores the machine has.
import fs from 'node:fs'
import os from 'node:os'
import type { Server } from './procs'

const TICKS = 100 // USER_HZ on Linux

function parents(): Map<number, number> {
  const parent = new Map<number, number>()
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      /* exited */
    }
  }
  return parent
}

function descendants(pid: number, parent = parents()): number[] {
  const out = [pid]
  for (let i = 0; i < out.length; i++) for (const [c, p] of parent) if (p === out[i]) out.push(c)
  return out
}

function statusKb(pid: number, key: string): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : 0
  } catch {
    return 0
  }
}

/** CPU seconds (user + system) a process has used so far; 0 once gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) / TICKS // fields 14 and 15 of stat, counted after the name
  } catch {
    return 0
  }
}

/** The server's node process: the biggest of the tree (tsx's launcher is small). */
function mainPid(tree: number[]): number {
  return tree.reduce((a, b) => (statusKb(b, 'VmRSS') > statusKb(a, 'VmRSS') ? b : a))
}

export interface Usage<T> {
  value: T
  peakRssMb: number
  cpuSeconds: number
  wallSeconds: number
  /** CPU seconds / wall seconds, summed over the servers' process trees */
  coresUsed: number
}

export async function withUsage<T>(servers: Server[], fn: () => Promise<T>): Promise<Usage<T>> {
  const roots = servers.map((s) => s.child.pid!).filter(Boolean)
  const before = new Map<number, number>()
  const trees = roots.map((r) => descendants(r))
  for (const p of trees.flat()) before.set(p, cpuSeconds(p))
  const mains = trees.map(mainPid)
  for (const p of mains) {
    try {
      fs.writeFileSync(`/proc/${p}/clear_refs`, '5') // resets VmHWM so the peak covers this phase only
    } catch {
      /* not allowed here: the peak then covers the process's life */
    }
  }
  const t0 = performance.now()
  const value = await fn()
  const wallSeconds = (performance.now() - t0) / 1000
  const parent = parents()
  let cpu = 0
  for (const p of new Set(roots.flatMap((r) => descendants(r, parent)))) cpu += cpuSeconds(p) - (before.get(p) ?? 0)
  const peakRssMb = mains.reduce((s, p) => s + statusKb(p, 'VmHWM'), 0) / 1024
  return { value, peakRssMb, cpuSeconds: cpu, wallSeconds, coresUsed: cpu / wallSeconds }
}

export const machineCores = (): number => os.cpus().length
