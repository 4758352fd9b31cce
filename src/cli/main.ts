// The command line, in geth's shape: `geth [command] [flags]`.
import yargs, { type Argv, type CommandModule } from 'yargs';
import { configureLogging } from '../common/log.js';
import { dumpGenesisCommand } from './commands/dumpgenesis.js';
import { initCommand } from './commands/init.js';
import { versionCommand } from './commands/version.js';

/** The commands, in the order `--help` lists them. */
const COMMANDS: CommandModule<object, any>[] = [versionCommand, initCommand, dumpGenesisCommand];

/** Errors a user can act on: printed as one line with no stack trace, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function buildCli(argv: string[]): Argv {
  let cli = yargs(argv)
    .scriptName('geth')
    .parserConfiguration({ 'dot-notation': false })
    .option('verbosity', { type: 'number', default: 3, describe: 'Logging verbosity: 0=silent, 1=error, 2=warn, 3=info, 4=debug, 5=trace' })
    .option('log.format', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'Log format' })
    .middleware((args) => {
      configureLogging({ verbosity: args.verbosity as number, format: args['log.format'] as 'text' | 'json' });
    })
    .strict()
    .demandCommand(1, 'give a command; see --help')
    .help()
    .version(false);
  for (const c of COMMANDS) cli = cli.command(c);
  return cli;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli(argv)
      .fail((msg, err) => {
        throw err ?? new UsageError(msg);
      })
      .parseAsync();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`Fatal: ${message}\n`);
    process.exitCode = 1;
  }
}
