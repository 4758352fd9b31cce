// The command line, in geth's shape: `geth [command] [flags]`.
import yargs, { type Argv, type CommandModule } from 'yargs';
import { configureLogging } from '../common/log.js';
import { accountCommand } from './commands/account.js';
import { dumpGenesisCommand } from './commands/dumpgenesis.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { runCommand } from './commands/run.js';
import { versionCommand } from './commands/version.js';
import { FlagError, USAGE_EXIT_CODE, usageErrorMessage, verbosityFlags } from './flags.js';

/** The commands, in the order `--help` lists them. */
const COMMANDS: CommandModule<object, any>[] = [
  runCommand,
  versionCommand,
  initCommand,
  importCommand,
  exportCommand,
  dumpGenesisCommand,
  accountCommand,
];

/** Errors a user can act on: printed as one line with no stack trace, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function buildCli(argv: string[]): Argv {
  let cli = yargs(argv)
    .scriptName('geth')
    .parserConfiguration({ 'dot-notation': false })
    .options(verbosityFlags)
    .middleware((args) => {
      configureLogging({ verbosity: args.verbosity as number, format: args['log.format'] as 'text' | 'json' });
    })
    .strict()
    .help()
    .version(false);
  for (const c of COMMANDS) cli = cli.command(c);
  return cli;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli(argv)
      .fail((msg, err) => {
        const usage = usageErrorMessage(msg, err, argv);
        throw usage !== undefined ? new FlagError(usage) : (err ?? new UsageError(msg));
      })
      .parseAsync();
  } catch (e) {
    if (e instanceof FlagError) {
      process.stderr.write(`Incorrect Usage: ${e.message} (see geth --help)\n`);
      process.exitCode = USAGE_EXIT_CODE;
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`Fatal: ${message}\n`);
    process.exitCode = 1;
    // A service that failed to stop may leave sockets or timers behind: exit anyway, as geth does, once stderr
    // had a moment to drain. The timer does not itself keep the process alive.
    setTimeout(() => process.exit(1), 1_000).unref();
  }
}
