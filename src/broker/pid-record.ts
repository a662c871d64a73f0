/**
 * The broker's pid file: which process runs it, who started it (`pettwin broker start`, or a
 * product as its child), and which products use a detached broker, so `broker stop` leaves a
 * broker in use alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function pidFile(dataDir: string): string {
  return join(dataDir, 'broker.pid');
}

/** Who started the broker: `pettwin broker start` (detached) or a running product (its child). */
export type PidRecord = {
  pid: number;
  owner: 'detached' | 'product';
  ownerPid: number | null;
  /** Products (pids) running on a detached broker they reused: `broker stop` leaves it alone while one lives. */
  users?: number[];
};

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readPidRecord(dataDir: string): PidRecord | null {
  let rec: PidRecord;
  try {
    const text = readFileSync(pidFile(dataDir), 'utf8').trim();
    rec = text.startsWith('{') ? (JSON.parse(text) as PidRecord) : { pid: Number(text), owner: 'detached', ownerPid: null };
  } catch {
    return null;
  }
  if (!Number.isInteger(rec.pid) || rec.pid <= 0 || !alive(rec.pid)) return null;
  return rec;
}

export function readPid(dataDir: string): number | null {
  return readPidRecord(dataDir)?.pid ?? null;
}

export function writePid(dataDir: string, rec: PidRecord): void {
  writeFileSync(pidFile(dataDir), JSON.stringify(rec));
}

/** Adds or removes a product that runs on this (detached) broker; dead users are dropped. */
export function setUser(dataDir: string, pid: number, on: boolean): void {
  const rec = readPidRecord(dataDir);
  if (!rec) return;
  const users = (rec.users ?? []).filter((u) => u !== pid && alive(u));
  writePid(dataDir, { ...rec, users: on ? [...users, pid] : users });
}
