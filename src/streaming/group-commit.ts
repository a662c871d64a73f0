/**
 * Group commit: items handed in while a write is in flight are written together by the next
 * one. Every caller gets a promise that settles when its own item is durable. A store that
 * commits one transaction per call (DuckDB) then costs one transaction per burst, not per item.
 */
export type GroupCommit<T> = { add(items: T[]): Promise<void>; idle(): Promise<void> };

export function createGroupCommit<T>(write: (items: T[]) => Promise<void>): GroupCommit<T> {
  let queued: T[] = [];
  let waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  let inFlight: Promise<void> | null = null;

  function flush(): void {
    const items = queued;
    const ws = waiters;
    queued = [];
    waiters = [];
    inFlight = write(items).then(
      () => ws.forEach((w) => w.resolve()),
      (err: unknown) => ws.forEach((w) => w.reject(err)),
    );
    void inFlight.finally(() => {
      inFlight = null;
      if (queued.length > 0) flush();
    });
  }

  return {
    add(items) {
      return new Promise<void>((resolve, reject) => {
        queued.push(...items);
        waiters.push({ resolve, reject });
        if (!inFlight) flush();
      });
    },
    async idle() {
      while (inFlight) await inFlight.catch(() => {});
    },
  };
}
