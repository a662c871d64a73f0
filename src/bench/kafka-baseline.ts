/**
 * Kafka's own numbers on the same machine and broker, from the tools in the same jars the
 * product's broker runs: EndToEndLatency (produce → consume latency, one message at a time) and
 * ProducerPerformance + ConsumerPerformance (raw consumer messages/s for readings of the real size).
 */
import { spawn } from 'node:child_process';
import { LIBS_DIR, ensureKafkaJars } from '../broker/local-broker.ts';

export type KafkaBaseline = {
  recordSize: number;
  e2e: { messages: number; avgMs: number | null; p50: number | null; p99: number | null; p999: number | null };
  consumer: { messages: number; msgPerS: number | null; fetchMsgPerS: number | null; mbPerS: number | null };
};

function runJava(mainClass: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx512m', '-cp', `${LIBS_DIR}/*`, '-Dlog4j2.level=warn', mainClass, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${mainClass} exited with ${code}: ${out.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

const num = (s: string | undefined) => (s === undefined ? null : Number(s));

export async function runKafkaBaseline(opts: {
  bootstrap: string;
  e2eTopic: string;
  perfTopic: string;
  recordSize: number;
  e2eMessages: number;
  perfMessages: number;
}): Promise<KafkaBaseline> {
  ensureKafkaJars();
  const e2eOut = await runJava(
    'org.apache.kafka.tools.EndToEndLatency',
    [opts.bootstrap, opts.e2eTopic, String(opts.e2eMessages), '1', String(opts.recordSize)],
    120_000,
  );
  // "Percentiles: 50th = 1, 99th = 3, 99.9th = 7"
  const pct = /50th = ([\d.]+), 99th = ([\d.]+), 99\.9th = ([\d.]+)/.exec(e2eOut);
  const avg = /Avg latency: ([\d.]+) ms/.exec(e2eOut);

  await runJava(
    'org.apache.kafka.tools.ProducerPerformance',
    ['--topic', opts.perfTopic, '--num-records', String(opts.perfMessages), '--record-size', String(opts.recordSize), '--throughput', '-1', '--producer-props', `bootstrap.servers=${opts.bootstrap}`, 'acks=1', 'linger.ms=5', 'batch.size=262144'],
    180_000,
  );
  const consOut = await runJava(
    'org.apache.kafka.tools.ConsumerPerformance',
    ['--bootstrap-server', opts.bootstrap, '--topic', opts.perfTopic, '--messages', String(opts.perfMessages), '--timeout', '60000'],
    180_000,
  );
  // Header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const line = consOut.trim().split('\n').filter((l) => /^\d{4}-/.test(l)).pop() ?? '';
  const f = line.split(',').map((s) => s.trim());
  return {
    recordSize: opts.recordSize,
    e2e: { messages: opts.e2eMessages, avgMs: num(avg?.[1]), p50: num(pct?.[1]), p99: num(pct?.[2]), p999: num(pct?.[3]) },
    consumer: { messages: opts.perfMessages, mbPerS: num(f[3]), msgPerS: num(f[5]), fetchMsgPerS: num(f[9]) },
  };
}
