// The ports of a devnet's nodes. Every port is fixed when the devnet is created rather than left to the node
// (--port 0): the HTTP port must be known to reach the node at all, and a fixed p2p port keeps a node's multiaddr
// (its peer id lives in the datadir's nodekey) the same across restarts, so peers that knew it find it again.
import { createServer, type Server } from 'node:net';
import { DevnetError } from './state.js';

export interface NodePorts {
  p2p: number;
  http: number;
  ws: number;
}

const PORTS_PER_NODE = 3;
const MAX_PORT = 65_535;

/** Listens on host:0 and resolves with the server and the port the system gave it. */
function listenAnywhere(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (typeof address === 'object' && address !== null) resolve({ server, port: address.port });
      else reject(new Error('the system gave no port'));
    });
  });
}

/**
 * `count` distinct ports that are free on `host` right now. All are held until the last is found, so none is
 * handed out twice; another program may still take one before the node binds it, which then fails to start and
 * says so in its log.
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const held: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const { server, port } = await listenAnywhere(host);
      held.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(held.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/**
 * The ports of `nodeCount` nodes: from `basePort` on, three per node (p2p, http, ws: node i uses basePort + 3i,
 * + 3i + 1, + 3i + 2), or free ones chosen by the system when no base is given.
 */
export async function devnetPorts(nodeCount: number, basePort?: number): Promise<NodePorts[]> {
  const total = nodeCount * PORTS_PER_NODE;
  let ports: number[];
  if (basePort === undefined) {
    ports = await freePorts(total);
  } else {
    if (!Number.isSafeInteger(basePort) || basePort < 1 || basePort + total - 1 > MAX_PORT) {
      throw new DevnetError(
        `invalid basePort ${basePort}: want a whole number from 1 to ${MAX_PORT - total + 1} (${nodeCount} nodes use ${total} ports from it)`,
      );
    }
    ports = Array.from({ length: total }, (_, i) => basePort + i);
  }
  return Array.from({ length: nodeCount }, (_, i) => ({
    p2p: ports[PORTS_PER_NODE * i]!,
    http: ports[PORTS_PER_NODE * i + 1]!,
    ws: ports[PORTS_PER_NODE * i + 2]!,
  }));
}
