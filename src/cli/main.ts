/**
 * The `pettwin` command line. Every command has --help. Settings come from the environment or a
 * git-ignored `.env` file in the current folder (see README, Configuration).
 */
import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { isPetTwinError } from '../errors.ts';
import { registerBenchCommand } from '../bench/bench-command.ts';
import { registerBrokerCommands } from './broker-commands.ts';
import { registerEvaluationCommands } from './evaluation-commands.ts';
import { registerStartCommand } from './start-command.ts';
import { registerToolCommands } from './tool-commands.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

const program = new Command()
  .name('pettwin')
  .description('PetTwin Care: real-time pet health monitoring on Apache Kafka.')
  .showHelpAfterError('(run with --help for usage)')
  .addOption(new Option('--verbose', 'print stack traces on errors'));

registerStartCommand(program);
registerBrokerCommands(program);
registerToolCommands(program);
registerEvaluationCommands(program);
registerBenchCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (isPetTwinError(err)) {
    console.error(`pettwin: ${err.message} [${err.code}]`);
  } else {
    console.error(`pettwin: ${(err as Error).message}`);
  }
  if (program.opts().verbose) console.error(err);
  process.exit(1);
}
