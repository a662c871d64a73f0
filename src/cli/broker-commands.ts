/** `pettwin broker start|stop|status`: the local Kafka broker on its own. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { brokerStatus, startDetachedBroker, stopDetachedBroker } from '../broker/local-broker.ts';
import { loadConfig } from '../config/config.ts';

export function registerBrokerCommands(program: Command): void {
  const broker = program
    .command('broker')
    .description('Manage the bundled local Apache Kafka broker (KRaft, 127.0.0.1:LOCAL_KAFKA_PORT, default 9092).');

  broker
    .command('start')
    .description('Start the local broker in the background (resolving it from Maven Central on first use). `pettwin start` reuses it.')
    .action(async () => {
      const c = loadConfig();
      const r = await startDetachedBroker({ port: c.LOCAL_KAFKA_PORT, dataDir: join(c.DATA_DIR, 'kafka'), heapMb: c.LOCAL_KAFKA_HEAP_MB, log: console.error });
      console.log(r.alreadyRunning ? `already running on ${r.bootstrap} (pid ${r.pid})` : `started on ${r.bootstrap} (pid ${r.pid})`);
    });

  broker
    .command('stop')
    .description('Stop the local broker started with `pettwin broker start`. A broker a running `pettwin start` owns or is using is left alone: stop that first (or add --force for one it only uses).')
    .option('--force', 'stop it even while a running `pettwin start` uses it')
    .action(async (o: { force?: boolean }) => {
      const c = loadConfig();
      console.log((await stopDetachedBroker(join(c.DATA_DIR, 'kafka'), { force: o.force === true })) ? 'stopped' : 'not running');
    });

  broker
    .command('status')
    .description('Say whether the local broker is running and answering.')
    .action(async () => {
      const c = loadConfig();
      const s = await brokerStatus({ port: c.LOCAL_KAFKA_PORT, dataDir: join(c.DATA_DIR, 'kafka') });
      if (s.running && s.answering) {
        console.log(`running on 127.0.0.1:${c.LOCAL_KAFKA_PORT} (pid ${s.pid}${s.ownerPid ? `, owned by \`pettwin start\` pid ${s.ownerPid}` : ''})`);
      }
      else if (s.answering) console.log(`something else answers on 127.0.0.1:${c.LOCAL_KAFKA_PORT} (not started by pettwin)`);
      else console.log('not running');
      process.exitCode = s.running && s.answering ? 0 : 3;
    });
}
