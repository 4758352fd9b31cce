import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { defaultNodeConfig } from '../node/config.js';
import { DEFAULT_DATADIR } from '../node/datadir.js';
import { FlagError, NODE_FLAGS, nodeConfigFromFlags, parseDuration, usageErrorMessage, verbosityFlags, type NodeFlagValues } from './flags.js';

const PEER = '16Uiu2HAmFzAcpWwksZvDPbaNuLRc9q9hjgHgQh6zH84uHkGHs42p';

/** Parses argv with the node's flags as the CLI does; a failure comes back as its usage message (or the raw one). */
function parse(argv: string[]): NodeFlagValues {
  let failure: string | undefined;
  const args = yargs(argv)
    .parserConfiguration({ 'dot-notation': false })
    .options(verbosityFlags)
    .options(NODE_FLAGS)
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      failure = usageErrorMessage(msg, err, argv) ?? `runtime: ${err?.message ?? msg}`;
    })
    .parseSync();
  if (failure !== undefined) throw new FlagError(failure);
  return args as unknown as NodeFlagValues;
}

describe('node flags', () => {
  it("give geth's defaults", () => {
    const config = nodeConfigFromFlags(parse([]));
    expect(config).toEqual({ ...defaultNodeConfig(), txpool: { ...defaultNodeConfig().txpool } });
    expect(config.datadir).toBe(DEFAULT_DATADIR);
    expect(config.http).toEqual({ enabled: false, host: '127.0.0.1', port: 8545, api: ['eth', 'net', 'web3'], corsDomains: [], vhosts: ['localhost'] });
    expect(config.ws).toMatchObject({ enabled: false, host: '127.0.0.1', port: 8546, api: ['eth', 'net', 'web3'] });
    expect(config.p2p).toEqual({ listenHost: '0.0.0.0', port: 30303, bootnodes: [], maxPeers: 50, noDiscovery: false });
    expect(config.metrics).toEqual({ enabled: false, host: '127.0.0.1', port: 6060 });
    expect(config.rpc).toEqual({ gasCap: 50_000_000n, txFeeCap: 1, evmTimeout: 5000 });
    expect(config.miner).toEqual({ gasLimit: 30_000_000n, gasPrice: 1_000_000_000n, mine: false, etherbase: undefined });
    expect(config.accounts).toEqual({ unlock: [], passwordFile: undefined });
    expect(config.txpool).toMatchObject({ priceLimit: 1n, priceBump: 10, accountSlots: 16, globalSlots: 5120, accountQueue: 64, globalQueue: 1024, lifetime: 3 * 3600_000 });
    expect(config.dev).toBeUndefined();
    expect(config.network).toBeUndefined();
    expect(config.networkId).toBeUndefined();
  });

  it('read every flag into the config', () => {
    const config = nodeConfigFromFlags(
      parse([
        '--datadir', '/data', '--networkid', '99', '--sepolia',
        '--http', '--http.addr', '0.0.0.0', '--http.port', '0', '--http.api', 'eth, net,debug', '--http.corsdomain', 'https://a.example,https://b.example', '--http.vhosts', '*',
        '--ws', '--ws.addr', 'localhost', '--ws.port', '9546', '--ws.api', 'eth', '--ws.origins', '*',
        '--addr', '127.0.0.1', '--port', '30304', '--bootnodes', `/ip4/1.2.3.4/tcp/30303/p2p/${PEER}, /dns4/boot.example/tcp/1/p2p/${PEER}`, '--maxpeers', '7', '--nodiscover',
        '--metrics', '--metrics.addr', '0.0.0.0', '--metrics.port', '6061',
        '--txpool.pricelimit', '0x10', '--txpool.pricebump', '20', '--txpool.accountslots', '1', '--txpool.globalslots', '2',
        '--txpool.accountqueue', '3', '--txpool.globalqueue', '4', '--txpool.lifetime', '1h30m',
        '--rpc.gascap', '0', '--rpc.txfeecap', '0.5', '--rpc.evmtimeout', '250ms',
        '--miner.gaslimit', '60000000', '--miner.gasprice', '7',
        '--mine', '--miner.etherbase', 'AB'.repeat(20), '--unlock', `0x${'ab'.repeat(20)},${'cd'.repeat(20)}`, '--password', '/pw.txt',
      ]),
    );
    expect(config.datadir).toBe('/data');
    expect(config.network).toBe('sepolia');
    expect(config.networkId).toBe(99n);
    expect(config.http).toEqual({ enabled: true, host: '0.0.0.0', port: 0, api: ['eth', 'net', 'debug'], corsDomains: ['https://a.example', 'https://b.example'], vhosts: ['*'] });
    expect(config.ws).toEqual({ enabled: true, host: 'localhost', port: 9546, api: ['eth'], origins: ['*'] });
    expect(config.p2p).toEqual({ listenHost: '127.0.0.1', port: 30304, bootnodes: [`/ip4/1.2.3.4/tcp/30303/p2p/${PEER}`, `/dns4/boot.example/tcp/1/p2p/${PEER}`], maxPeers: 7, noDiscovery: true });
    expect(config.metrics).toEqual({ enabled: true, host: '0.0.0.0', port: 6061 });
    expect(config.txpool).toMatchObject({ priceLimit: 16n, priceBump: 20, accountSlots: 1, globalSlots: 2, accountQueue: 3, globalQueue: 4, lifetime: 5_400_000 });
    expect(config.rpc).toEqual({ gasCap: 0n, txFeeCap: 0.5, evmTimeout: 250 });
    expect(config.miner).toEqual({ gasLimit: 60_000_000n, gasPrice: 7n, mine: true, etherbase: `0x${'ab'.repeat(20)}` });
    expect(config.accounts).toEqual({ unlock: [`0x${'ab'.repeat(20)}`, `0x${'cd'.repeat(20)}`], passwordFile: '/pw.txt' });
  });

  it('--miner.etherbase defaults to the first unlocked account; bad addresses are usage errors', () => {
    expect(nodeConfigFromFlags(parse(['--unlock', 'cd'.repeat(20)])).miner.etherbase).toBe(`0x${'cd'.repeat(20)}`);
    expect(() => parse(['--unlock', '0x1234'])).toThrow(/invalid value "0x1234" for flag --unlock/);
    expect(() => parse(['--miner.etherbase', 'zz'.repeat(20)])).toThrow(/for flag --miner\.etherbase: want an account address/);
    expect(() => parse(['--addr', 'not a host'])).toThrow(/for flag --addr/);
  });

  it('--dev: the dev network, a temporary datadir, no peers, a 1 wei miner price unless given', () => {
    const dev = nodeConfigFromFlags(parse(['--dev']));
    expect(dev.network).toBe('dev');
    expect(dev.dev).toEqual({ period: 0 });
    expect(dev.datadir).toBeUndefined();
    expect(dev.p2p.maxPeers).toBe(0);
    expect(dev.p2p.noDiscovery).toBe(true);
    expect(dev.miner.gasPrice).toBe(1n);
    const custom = nodeConfigFromFlags(parse(['--dev', '--dev.period', '5', '--datadir', 'here', '--miner.gasprice', '3']));
    expect(custom.dev).toEqual({ period: 5 });
    expect(custom.datadir).toBe('here');
    expect(custom.miner.gasPrice).toBe(3n);
  });

  it('take the last of a flag given twice', () => {
    expect(parse(['--http.port', '1', '--http.port', '2'])['http.port']).toBe(2);
  });

  it('refuse bad values, naming the flag and what it wants', () => {
    const cases: Array<[string[], string]> = [
      [['--http.port', 'abc'], 'invalid value "abc" for flag --http.port: want a whole number (decimal or 0x hex)'],
      [['--http.port', '65536'], 'invalid value "65536" for flag --http.port: want 0 to 65535'],
      [['--http.port', '-1'], 'for flag --http.port'],
      [['--http.port', '1.5'], 'invalid value "1.5" for flag --http.port'],
      [['--verbosity', '6'], 'invalid value "6" for flag --verbosity: want 0 to 5'],
      [['--verbosity', 'loud'], 'for flag --verbosity'],
      [['--networkid', '0'], 'invalid value "0" for flag --networkid: want 1 to'],
      [['--miner.gaslimit', '100'], 'invalid value "100" for flag --miner.gaslimit: want 5000 to'],
      [['--rpc.gascap', '0x1' + '0'.repeat(16)], 'for flag --rpc.gascap: want 0 to 18446744073709551615'],
      [['--rpc.txfeecap', 'lots'], 'invalid value "lots" for flag --rpc.txfeecap: want an amount of ether'],
      [['--rpc.evmtimeout', '5 seconds'], 'invalid value "5 seconds" for flag --rpc.evmtimeout: want e.g. 5s, 1h30m or 250ms'],
      [['--http.api', 'eth,Bad-Name'], 'invalid value "Bad-Name" for flag --http.api'],
      [['--http.addr', 'a b'], 'invalid value "a b" for flag --http.addr: want a host name or IP address'],
      [['--bootnodes', 'enode://a@1.2.3.4:30303'], 'invalid value "enode://a@1.2.3.4:30303" for flag --bootnodes: enode URLs are not supported, give a libp2p multiaddr like /ip4/127.0.0.1/tcp/30303/p2p/16U'],
      [['--bootnodes', `/ip4/1.2.3.4/tcp/1/p2p/${PEER},/ip4/1.2.3.4/tcp/30303`], 'invalid value "/ip4/1.2.3.4/tcp/30303" for flag --bootnodes: the address does not end in /p2p/<peer id>'],
      [['--log.format', 'xml'], 'Invalid values: Argument: log.format, Given: "xml", Choices: "text", "json"'],
      [['--http.port'], 'flag needs an argument: --http.port'],
      [['--datadir'], 'flag needs an argument: --datadir'],
      [['--foo'], 'flag provided but not defined: --foo'],
      [['--foo-bar', '1'], 'flag provided but not defined: --foo-bar'],
      [['--no-such-flag'], 'flag provided but not defined: --no-such-flag'],
      [['-x'], 'flag provided but not defined: -x'],
      [['--http.prot=1'], 'flag provided but not defined: --http.prot'],
      [['serve'], 'unknown command or argument: serve'],
    ];
    for (const [argv, message] of cases) expect(() => parse(argv), argv.join(' ')).toThrow(message);
  });

  it('leave conflicting networks a runtime failure, as dumpgenesis has it', () => {
    expect(() => parse(['--dev', '--mainnet'])).toThrow(/^runtime: Arguments (dev and mainnet|mainnet and dev) are mutually exclusive$/);
  });
});

describe('usageErrorMessage', () => {
  it('passes errors of the command itself through as runtime failures', () => {
    expect(usageErrorMessage(undefined, new Error('datadir in use'), [])).toBeUndefined();
    expect(usageErrorMessage('Not enough non-option arguments: got 0, need at least 1', undefined, [])).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it("reads Go's duration syntax into milliseconds", () => {
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('5s')).toBe(5000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1500us')).toBe(2);
    expect(parseDuration('3h0m0s')).toBe(10_800_000);
  });

  it('refuses anything else', () => {
    for (const bad of ['', '5', 's', '5x', '-5s', '5s ms', '1h 30m']) expect(() => parseDuration(bad), bad).toThrow('invalid duration');
  });
});
