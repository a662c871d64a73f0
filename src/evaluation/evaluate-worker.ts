/**
 * Worker thread of the evaluator: rebuilds the library from (seed, size), plays the episodes it
 * was given through fresh analyzer engines and posts their outcomes back. Started by
 * evaluate.ts; never imported elsewhere.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDetectionEngine } from '../analysis/detection-engine.ts';
import { runEpisode, type EpisodeOutcome } from './episode-runner.ts';
import { LIBRARY_SIZES, buildLibrary } from './scenario-library.ts';

const { seed, size, ids } = workerData as { seed: number; size: keyof typeof LIBRARY_SIZES; ids: string[] };
const wanted = new Set(ids);
const outcomes: EpisodeOutcome[] = [];
for (const ep of buildLibrary(seed, LIBRARY_SIZES[size])) {
  if (wanted.has(ep.id)) outcomes.push(runEpisode(ep, createDetectionEngine));
}
parentPort!.postMessage(outcomes);
