// A stand-in for the node with just the surface the devnet launcher drives, so the launcher's process handling
// (start order, bootnodes, logs, pids, stop, kill, failures) is tested without p2p or sealing: `init` and
// `account import` succeed doing nothing; run, it answers eth_blockNumber, net_peerCount, admin_datadir and
// admin_nodeInfo (with a multiaddr on its --port) on --http.port and exits 0 on SIGTERM. A file in its datadir changes how it behaves:
// `fail` exits 1 at once, `mute` never opens HTTP, `noaddr` lists no multiaddr, `stubborn` ignores SIGTERM,
// `impostor` answers admin_datadir with another folder (as another program on the port would).
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const flag = (name: string) => argv[argv.indexOf(name) + 1] ?? '';

if (argv[0] === 'init' || argv[0] === 'account') process.exit(0);

const datadir = flag('--datadir');
const marked = (name: string) => existsSync(join(datadir, name));
const p2pPort = Number(flag('--port'));
process.stderr.write(`fake node: datadir=${datadir} bootnodes=${argv.includes('--bootnodes') ? flag('--bootnodes') : '-'}\n`);

if (marked('fail')) {
  process.stderr.write('Fatal: boom, the fake node was told to fail\n');
  process.exit(1);
}

const results: Record<string, unknown> = {
  eth_blockNumber: '0x0',
  net_peerCount: '0x0',
  admin_datadir: marked('impostor') ? '/somewhere/else' : datadir,
  admin_nodeInfo: { name: 'fake', multiaddrs: marked('noaddr') ? [] : [`/ip4/127.0.0.1/tcp/${p2pPort}/p2p/16Uiu2HAmFake${p2pPort}`] },
};
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const { id, method } = JSON.parse(body) as { id: number; method: string };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(method in results ? { jsonrpc: '2.0', id, result: results[method] } : { jsonrpc: '2.0', id, error: { code: -32601, message: 'no such method' } }));
  });
});
if (!marked('mute')) server.listen(Number(flag('--http.port')), '127.0.0.1');
// Keeps the process alive even when muted.
const alive = setInterval(() => undefined, 60_000);

process.on('SIGTERM', () => {
  if (marked('stubborn')) return;
  process.stderr.write('fake node: stopping\n');
  clearInterval(alive);
  server.close(() => process.exit(0));
  if (!server.listening) process.exit(0);
});
