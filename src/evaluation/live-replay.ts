/**
 * Streams real Invoxia dogs into the live pipeline (`npx pettwin replay --invoxia FILE`): each
 * dog's 1 Hz timeline (invoxia-replay.ts) is played from now, all dogs side by side, and sent as
 * readings keyed by pet id. Timestamps are now-based so the dashboard shows the dogs live; with
 * --speed X the recording plays X times faster and the timestamps are compressed to match
 * (a 5 min session takes 5/X min and spans 5/X min of ts). Producing, registering, the clock and
 * sleeping come in `deps`, so a test can run it on fake time without Kafka. Stops on `signal`.
 */
import type { PetProfile } from '../domain/pet.ts';
import type { VitalsReading } from '../domain/reading.ts';
import { frameReading, type InvoxiaDogTimeline } from './invoxia-replay.ts';

/** Readings sent per request at most: bounds memory and request size when catching up. */
export const MAX_SEND_BATCH = 5_000;
/** How often the replay wakes to send what is due (ms of wall clock). */
export const REPLAY_TICK_MS = 250;
/** Fastest replay: beyond it 1 Hz readings would share a millisecond. */
export const MAX_REPLAY_SPEED = 500;

export type LiveReplayDeps = {
  send(readings: VitalsReading[]): Promise<void>;
  register(profile: PetProfile): Promise<void>;
  now(): number;
  sleep(ms: number): Promise<void>;
  log(message: string): void;
};

export type LiveReplayResult = { dogs: number; readings: number; stopped: boolean };

export async function replayLive(
  timelines: readonly InvoxiaDogTimeline[],
  deps: LiveReplayDeps,
  opts: { speed: number; signal?: AbortSignal },
): Promise<LiveReplayResult> {
  const speed = opts.speed;
  for (const tl of timelines) await deps.register(tl.profile);
  const start = deps.now();
  const cursors = timelines.map(() => 0);
  const lastTs = timelines.map(() => 0);
  const lastS = Math.max(0, ...timelines.map((t) => t.frames.at(-1)?.tS ?? 0));
  deps.log(`replaying ${timelines.length} dogs, ${((lastS + 1) / 3600).toFixed(1)} h of recording at ${speed}× (${((lastS + 1) / speed / 60).toFixed(1)} min)`);
  let sent = 0;
  let nextReport = 60_000;
  while (!opts.signal?.aborted) {
    const elapsedS = ((deps.now() - start) / 1000) * speed;
    let batch: VitalsReading[] = [];
    let remaining = false;
    for (let d = 0; d < timelines.length; d++) {
      const tl = timelines[d]!;
      while (cursors[d]! < tl.frames.length && tl.frames[cursors[d]!]!.tS <= elapsedS) {
        const i = cursors[d]!;
        const f = tl.frames[i]!;
        // Strictly increasing per collar, whatever the rounding.
        const ts = Math.max(lastTs[d]! + 1, Math.round(start + (f.tS * 1000) / speed));
        lastTs[d] = ts;
        batch.push(frameReading(tl, f, ts, i));
        cursors[d] = i + 1;
        if (batch.length >= MAX_SEND_BATCH) {
          await deps.send(batch);
          sent += batch.length;
          batch = [];
        }
      }
      if (cursors[d]! < tl.frames.length) remaining = true;
    }
    if (batch.length > 0) {
      await deps.send(batch);
      sent += batch.length;
    }
    if (deps.now() - start >= nextReport) {
      deps.log(`sent ${sent} readings (${((elapsedS / (lastS + 1)) * 100).toFixed(0)} % of the recording)`);
      nextReport += 60_000;
    }
    if (!remaining) return { dogs: timelines.length, readings: sent, stopped: false };
    await deps.sleep(REPLAY_TICK_MS);
  }
  return { dogs: timelines.length, readings: sent, stopped: true };
}
