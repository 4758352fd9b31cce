// npm run devnet -- start [--signers N] [--nodes M] [--period S] [--dir DIR] [--chain-id ID] [--base-port P]
// npm run devnet -- stop [--dir DIR]
// npm run devnet -- status [--dir DIR]
// `start` creates (or recreates) the devnet, runs it in the foreground and prints where each node listens and the
// funded keys; Ctrl-C stops every node cleanly. `stop` does the same from another terminal, `status` shows heads.
import { relative, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import {
  createDevnet,
  describeExit,
  DevnetError,
  devnetStatus,
  readDevnetState,
  SOURCE_COMMAND,
  startDevnet,
  stopDevnet,
  type DevnetPlan,
  type RunningDevnet,
  type StopReport,
} from './devnet.js';

const say = (line: string) => process.stdout.write(line + '\n');
/** npm runs scripts from the package root; INIT_CWD is where the user typed the command, which --dir is relative to. */
const userCwd = process.env.INIT_CWD ?? process.cwd();
const userPath = (path: string) => resolve(userCwd, path);
const shortPath = (path: string) => relative(userCwd, path) || '.';

/** Rows as columns padded to their widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n');
}

function describeDevnet(devnet: RunningDevnet): string {
  const plan = devnet.plan;
  const signers = plan.nodes.filter((n) => n.role === 'signer');
  const lines = [
    '',
    `Devnet: ${signers.length} signer(s) and ${plan.nodes.length - signers.length} node(s), chain id ${plan.chainId}, ` +
      `a block every ${plan.period} s, in ${shortPath(plan.dir)}`,
    '',
    table([
      ['#', 'role', 'HTTP', 'WS', 'p2p', 'log'],
      ...devnet.nodes.map((n) => [String(n.index), n.role, n.httpUrl, n.wsUrl, n.multiaddr, shortPath(n.log)]),
    ]),
    '',
    'Signers (their keys seal the blocks; each is funded with 10000 ETH):',
    ...signers.map((n) => `  node ${n.index}: ${n.signer!.address}  private key ${n.signer!.privateKey}`),
    '',
    'Funded accounts (10000 ETH each). Their private keys are publicly known: use them on this local chain only.',
    ...plan.accounts.map((a, i) => `  #${i}: ${a.address}  private key ${a.privateKey}`),
    '',
    `Press Ctrl-C to stop every node, or run \`npm run devnet -- stop --dir ${shortPath(plan.dir)}\` from another terminal.`,
  ];
  return lines.join('\n');
}

function reportStop(reports: StopReport[]): void {
  for (const r of reports) {
    const what = { stopped: 'stopped', killed: 'killed (it did not stop within the grace time)', 'not running': 'was not running' };
    say(`node ${r.index}${r.pid === undefined ? '' : ` (pid ${r.pid})`}: ${what[r.outcome]}`);
  }
}

interface StartArgs {
  dir: string;
  signers: number;
  nodes: number;
  period: number;
  chainId: number;
  basePort?: number;
  fromSource?: boolean;
}

/** Creates and runs the devnet until a signal or until every node has exited; resolves with the exit code. */
async function start(args: StartArgs): Promise<number> {
  let stopping: Promise<number> | undefined;
  let firstSignalAt = 0;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping !== undefined) {
      // Ctrl-C reaches every process of the terminal's group, and npm and tsx pass it on to this one as well: the
      // copies of the first signal arrive together, a user's second Ctrl-C comes later.
      if (Date.now() - firstSignalAt < 1_000) return;
      say(`${signal} again: killing the nodes now`);
      void stopDevnet(args.dir, { graceMs: 0 }).then(() => process.exit(1));
      return;
    }
    firstSignalAt = Date.now();
    say(`\n${signal}: stopping the devnet (again to kill it at once)`);
    stopping = stopDevnet(args.dir).then(
      (reports) => {
        reportStop(reports);
        return 0;
      },
      (e: unknown) => {
        process.stderr.write(`devnet: ${(e as Error).message}\n`);
        return 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let devnet: RunningDevnet | undefined;
  try {
    const plan: DevnetPlan = await createDevnet({
      dir: args.dir,
      signers: args.signers,
      nodes: args.nodes,
      period: args.period,
      chainId: args.chainId,
      basePort: args.basePort,
      command: args.fromSource === true ? SOURCE_COMMAND : undefined,
      onLog: say,
    });
    if (stopping === undefined) devnet = await startDevnet(plan, { onLog: say });
  } catch (e) {
    // A signal during start-up kills the nodes under the starting code: its failure is no news then.
    if (stopping === undefined) throw e;
  }
  if (stopping !== undefined || devnet === undefined) {
    const code = await stopping!;
    // Nodes started after the signal was handled are stopped too.
    await stopDevnet(args.dir).catch(() => undefined);
    return code;
  }
  say(describeDevnet(devnet));
  await Promise.all(
    devnet.nodes.map(async (n) => {
      const exit = await n.exited;
      if (stopping === undefined) say(`node ${n.index} ${describeExit(exit)}; its log: ${shortPath(n.log)}`);
    }),
  );
  if (stopping !== undefined) return stopping;
  say('every node has stopped');
  return 0;
}

async function status(dir: string): Promise<number> {
  const plan = readDevnetState(dir);
  const nodes = await devnetStatus(dir);
  say(`Devnet in ${shortPath(plan.dir)}, chain id ${plan.chainId}`);
  say(
    table([
      ['#', 'role', 'pid', 'state', 'head', 'peers', 'HTTP'],
      ...nodes.map((n) => [
        String(n.index),
        n.role,
        n.pid === undefined ? '-' : String(n.pid),
        !n.running ? 'stopped' : n.error !== undefined ? `not answering (${n.error})` : 'running',
        n.head === undefined ? '-' : String(n.head),
        n.peers === undefined ? '-' : String(n.peers),
        n.httpUrl,
      ]),
    ]),
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const dirOption = { type: 'string', default: '.devnet', describe: 'The devnet folder', coerce: userPath } as const;
  let result: Promise<number> = Promise.resolve(0);
  await yargs(argv)
    .scriptName('npm run devnet --')
    .command(
      'start',
      'Create the devnet (replacing a stopped one in the folder) and run it until Ctrl-C',
      (y) =>
        y
          .option('dir', dirOption)
          .option('signers', { type: 'number', default: 3, describe: 'Sealing nodes' })
          .option('nodes', { type: 'number', default: 1, describe: 'Nodes that only follow the chain' })
          .option('period', { type: 'number', default: 2, describe: 'Seconds between blocks' })
          .option('chain-id', { type: 'number', default: 1337, describe: 'Chain id (and network id)' })
          .option('base-port', { type: 'number', describe: 'First of 3 consecutive ports per node (default: free ports)' })
          .option('from-source', { type: 'boolean', describe: 'Run the nodes from the TypeScript sources instead of the build in dist/' }),
      (a) => {
        result = start(a);
      },
    )
    .command('stop', 'Stop the running devnet', (y) => y.option('dir', dirOption), (a) => {
      result = stopDevnet(a.dir, { onLog: say }).then((reports) => (reportStop(reports), 0));
    })
    .command('status', "Show each node's state, head block and peers", (y) => y.option('dir', dirOption), (a) => {
      result = status(a.dir);
    })
    .demandCommand(1, 'give a command: start, stop or status')
    .strict()
    .help()
    .version(false)
    .fail((message, error) => {
      // A command's own failure goes on to main's caller; only usage errors end here.
      if (error !== undefined && error.name !== 'YError') throw error;
      process.stderr.write(`devnet: ${message ?? error?.message} (see npm run devnet -- --help)\n`);
      process.exit(2);
    })
    .parseAsync();
  return result;
}

main(hideBin(process.argv)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`devnet: ${e instanceof DevnetError ? e.message : ((e as Error).stack ?? String(e))}\n`);
    process.exit(1);
  },
);
