/** `pettwin bench` / `npm run bench`. */
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { PetTwinError } from '../errors.ts';
import { runBench } from './bench-runner.ts';
import { writeChart } from './chart.ts';
import { formatReport } from './report.ts';

const DEFAULT_RATES = '1000,5000,10000,20000,50000';
/** Each anomaly goes to a different resting dog, at most once per run. */
const MAX_ANOMALIES_PER_S = 100;

/** Creates the file's folder if needed and checks the file can be written (it is overwritten at the end). */
function assertWritable(file: string, option: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    accessSync(dirname(file), constants.W_OK);
  } catch (err) {
    throw new PetTwinError('BAD_REQUEST', `${option} "${file}": cannot write there (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose a writable path`);
  }
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description(
      "Benchmark the pipeline against Kafka itself on this machine: Kafka's EndToEndLatency and ConsumerPerformance, then the product under load at each rate, after an unmeasured 8 s warm-up (latency collar → alert detected → alert over WebSocket, throughput, lag, loss, CPU and memory). Prints a table, writes a chart, and with --json the figures.",
    )
    .option('--rates <list>', 'readings/s per step, comma-separated', DEFAULT_RATES)
    .option('--duration <seconds>', 'how long each step is held', '20')
    .option('--json <file>', 'write the figures as JSON')
    .option('--chart <file>', 'where to write the chart (SVG; a PNG beside it when Chromium is installed)', 'bench-results/bench-chart.svg')
    .option('--anomalies <perSecond>', 'severe anomalies injected per second (each in a different pet)', '5')
    .option('--no-kafka-baseline', "skip Kafka's own tools")
    .option('--profile <dir>', 'write a V8 CPU profile of the pipeline process to this folder (open in Chrome DevTools)')
    .option('--quick', 'a few seconds at a low rate, small baseline, no warm-up (the smoke run in npm test)')
    .action(async (o: { rates: string; duration: string; json?: string; chart: string; anomalies: string; kafkaBaseline: boolean; quick?: boolean; profile?: string }) => {
      const rates = (o.quick && o.rates === DEFAULT_RATES ? '200' : o.rates).split(',').map((s) => Number(s.trim()));
      if (rates.some((r) => !Number.isInteger(r) || r <= 0)) throw new PetTwinError('BAD_REQUEST', `--rates "${o.rates}" must be positive whole numbers, e.g. 1000,5000`);
      const durationS = o.quick && o.duration === '20' ? 4 : Number(o.duration);
      if (!(durationS > 0)) throw new PetTwinError('BAD_REQUEST', `--duration "${o.duration}" must be a positive number of seconds`);
      const triggersPerS = Number(o.anomalies);
      if (!(triggersPerS > 0 && triggersPerS <= MAX_ANOMALIES_PER_S)) {
        throw new PetTwinError('BAD_REQUEST', `--anomalies "${o.anomalies}" must be a number of anomalies per second above 0 and at most ${MAX_ANOMALIES_PER_S}: the latency figures come from them`);
      }
      // Fail now, not after minutes of benchmark, on a file that cannot be written.
      if (o.json) assertWritable(o.json, '--json');
      assertWritable(o.chart.endsWith('.svg') ? o.chart : join(o.chart, 'bench-chart.svg'), '--chart');
      const tty = process.stderr.isTTY;
      const result = await runBench({
        rates,
        durationS,
        triggersPerS,
        kafkaBaseline: o.kafkaBaseline,
        quick: !!o.quick,
        profileDir: o.profile,
        env: process.env,
        progress: (line, final) => {
          if (tty) process.stderr.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
          else process.stderr.write(`${line}\n`);
        },
      });
      mkdirSync(dirname(o.chart), { recursive: true });
      result.chart = await writeChart(result, o.chart.endsWith('.svg') ? o.chart : join(o.chart, 'bench-chart.svg'));
      console.log(formatReport(result));
      if (o.json) {
        writeFileSync(o.json, JSON.stringify(result, null, 2));
        console.log(`JSON: ${o.json}`);
      }
    });
}
