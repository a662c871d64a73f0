/** `pettwin start`: the whole product in one process until Ctrl-C. */
import type { Command } from 'commander';
import { startPetTwin } from '../app/pettwin-app.ts';
import { ensureDashboardBuilt } from './web-build.ts';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Run everything: the local Kafka broker (unless KAFKA_BOOTSTRAP_SERVERS is set), topics, the analyzer, the collar simulator, and the API + dashboard on PORT (default 3000).',
    )
    .option('--pets <n>', 'number of simulated pets (SIM_PETS)')
    .option('--port <port>', 'HTTP port (PORT)')
    .option('--no-simulator', 'do not simulate collars (SIM_ENABLED=false)')
    .action(async (opts: { pets?: string; port?: string; simulator: boolean }) => {
      const env: Record<string, string | undefined> = { ...process.env };
      if (opts.pets !== undefined) env.SIM_PETS = opts.pets;
      if (opts.port !== undefined) env.PORT = opts.port;
      if (!opts.simulator) env.SIM_ENABLED = 'false';
      ensureDashboardBuilt((m) => console.error(m));
      const app = await startPetTwin(env);
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.error(`\n${signal}: stopping (flushing readings, committing offsets${app.ownsBroker ? ', stopping the broker' : ''})…`);
        await app.stop();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
