/**
 * CPU and memory of a process from /proc (Linux): CPU as a share of one core between two
 * samples, resident memory in MB. Returns null where /proc is not available.
 */
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_S = 100;

export type ProcSample = { at: number; cpuTicks: number; rssMb: number };

export function sampleProc(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces, start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { at: Date.now(), cpuTicks: utime + stime, rssMb: Math.round(rssKb / 102.4) / 10 };
  } catch {
    return null;
  }
}

/** Average CPU use between two samples, in % of one core. */
export function cpuPercent(a: ProcSample | null, b: ProcSample | null): number | null {
  if (!a || !b || b.at <= a.at) return null;
  return Math.round(((b.cpuTicks - a.cpuTicks) / CLOCK_TICKS_PER_S / ((b.at - a.at) / 1000)) * 1000) / 10;
}
