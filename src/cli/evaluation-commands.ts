/**
 * Detection-quality commands: `evaluate` (scenario library + real dogs through the analyzer's
 * detectors, table and JSON), `replay` (real Invoxia dogs into the live pipeline) and `detect`
 * (the generic online detector on any one series). The work lives in src/evaluation; this file
 * only parses options, wires I/O and prints.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ProduceAcks, Producer } from '@platformatic/kafka';
import { loadConfig } from '../config/config.ts';
import type { PetProfile } from '../domain/pet.ts';
import { PetTwinError } from '../errors.ts';
import { detectFile } from '../evaluation/detect-csv.ts';
import { evaluate } from '../evaluation/evaluate.ts';
import { invoxiaTimelines } from '../evaluation/invoxia-replay.ts';
import { MAX_REPLAY_SPEED, replayLive } from '../evaluation/live-replay.ts';
import { formatReport } from '../evaluation/report-table.ts';
import { readInvoxiaFile } from '../simulator/invoxia.ts';
import { kafkaBaseOptions } from '../streaming/kafka-options.ts';
import { encodeReading } from '../streaming/simulator-runtime.ts';
import { bootstrapOf, productUrl, unreachable } from './tool-commands.ts';

function wholeNumber(name: string, text: string, min: number): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) throw new PetTwinError('BAD_REQUEST', `${name} must be a whole number ≥ ${min}, got "${text}"`);
  return v;
}

export function registerEvaluationCommands(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Measure detection quality: play the labelled scenario library (conditions and confounders on simulated dogs and cats) through the analyzer\'s own detectors and print recall, time to detect, false medical alerts per pet-day and PASS/FAIL per target. With --invoxia, also replay real healthy dogs and count the medical alerts they get.',
    )
    .option('--json <file>', 'also write the figures as JSON to this file')
    .option('--invoxia <file>', 'Invoxia dataset.csv to replay as well, e.g. ../shared/data/invoxia-dog-vitals/dataset.csv')
    .option('--seed <n>', 'library seed (same seed, same episodes and readings)', '1')
    .option('--quick', 'a library about a sixth of the size, for a fast check')
    .option('--workers <n>', 'worker threads (default: cores, at most 4)')
    .option('--strict', 'exit with code 1 when a target is not met (for CI)')
    .action(async (o: { json?: string; invoxia?: string; seed: string; quick?: boolean; workers?: string; strict?: boolean }) => {
      const report = await evaluate({
        seed: wholeNumber('--seed', o.seed, 0),
        quick: o.quick === true,
        ...(o.invoxia ? { invoxiaFile: o.invoxia } : {}),
        ...(o.workers ? { workers: wholeNumber('--workers', o.workers, 1) } : {}),
        onProgress: (m) => console.error(m),
      });
      console.log(formatReport(report));
      if (o.json) {
        writeFileSync(o.json, `${JSON.stringify(report, null, 2)}\n`);
        console.error(`wrote ${o.json}`);
      }
      if (o.strict && !report.pass) process.exitCode = 1;
    });

  program
    .command('replay')
    .description(
      'Stream real dogs from an Invoxia dataset.csv into pet-vitals as live readings (heart and breathing rate as measured, other fields null, timestamps from now), after registering each dog as a pet (id invoxia-<dog>, breed, weight, age) on the running product.',
    )
    .requiredOption('--invoxia <file>', 'Invoxia dataset.csv, e.g. ../shared/data/invoxia-dog-vitals/dataset.csv')
    .option('--speed <factor>', `play the recordings this many times faster (≤ ${MAX_REPLAY_SPEED})`, '1')
    .option('--url <url>', 'the running product, to register the dogs (http://HOST:PORT from the environment)', productUrl())
    .option('--no-register', 'do not register the dogs (they are scored as default medium dogs)')
    .action(async (o: { invoxia: string; speed: string; url: string; register: boolean }) => {
      const speed = Number(o.speed);
      if (!(speed > 0 && speed <= MAX_REPLAY_SPEED)) {
        throw new PetTwinError('BAD_REQUEST', `--speed must be a number above 0 and at most ${MAX_REPLAY_SPEED}, got "${o.speed}"`);
      }
      const timelines = invoxiaTimelines(readInvoxiaFile(o.invoxia));
      const config = loadConfig();
      const producer = new Producer({ ...kafkaBaseOptions(config, bootstrapOf(config), 'replay'), acks: ProduceAcks.LEADER });
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const result = await replayLive(
          timelines,
          {
            send: async (readings) => {
              await producer.send({ messages: readings.map((r) => ({ topic: config.topics.vitals, ...encodeReading(r) })) });
            },
            register: o.register ? (p) => registerPet(o.url, p) : async () => {},
            now: Date.now,
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
            log: (m) => console.log(m),
          },
          { speed, signal: abort.signal },
        );
        console.log(`${result.stopped ? 'stopped' : 'done'}: ${result.readings} readings of ${result.dogs} dogs sent to ${config.topics.vitals} on ${bootstrapOf(config)}`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await producer.close();
      }
    });

  program
    .command('detect')
    .description(
      'Score any one series with the generic online detector: reads a CSV with a header and timestamp,value rows, writes timestamp,value,anomaly_score,label (score in [0, 1] from earlier rows only; label 0). One fixed parameter set for every series.',
    )
    .requiredOption('--input <file>', 'CSV with a header row, then timestamp,value rows (timestamps kept verbatim)')
    .requiredOption('--output <file>', 'where to write the scored CSV')
    .action((o: { input: string; output: string }) => {
      const { rows } = detectFile(o.input, o.output);
      console.log(`scored ${rows} rows → ${o.output}`);
    });
}

async function registerPet(url: string, pet: PetProfile): Promise<void> {
  const r = await fetch(`${url}/api/v1/pets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(pet),
  }).catch(() => null);
  if (!r) throw unreachable(url, ' or --no-register');
  if (!r.ok) {
    const json = (await r.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new PetTwinError('BAD_REQUEST', `registering ${pet.id} failed: ${json.error?.message ?? `HTTP ${r.status}`}`);
  }
}
