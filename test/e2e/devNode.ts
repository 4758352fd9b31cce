// One `geth --dev` process with HTTP and WebSocket JSON-RPC on free ports, for tests that drive it with real clients:
// started with a bounded wait for both servers, stopped with SIGTERM and, if it hangs, SIGKILL.
import { createServer } from 'node:net';
import { startGeth, type Run, type RunningGeth } from './runGeth.js';

export interface DevNode {
  process: RunningGeth;
  /** "http://127.0.0.1:PORT" */
  http: string;
  /** "ws://127.0.0.1:PORT" */
  ws: string;
  /** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<Run>;
}

/** A port nothing listens on right now: bound on 127.0.0.1:0 and released. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves when the node has logged `text`; fails after `ms` with what it logged. */
export async function waitForLog(node: RunningGeth, text: string, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no "${text}" within ${ms} ms; the node logged:\n${node.stderr()}`)), ms);
  });
  try {
    await Promise.race([node.waitFor(text), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function stopProcess(node: RunningGeth, graceMs: number): Promise<Run> {
  const { child } = node;
  if (child.exitCode !== null || child.signalCode !== null) return node.done;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([node.done, killed]);
  clearTimeout(timer);
  return node.done;
}

/**
 * Starts `geth --dev --http --ws` (plus `extraArgs`) and waits up to `startMs` for both servers. A node that
 * fails to come up is killed before the error is thrown.
 */
export async function startDevNode(extraArgs: readonly string[] = [], startMs = 30_000): Promise<DevNode> {
  const httpPort = await freePort();
  const wsPort = await freePort();
  const node = startGeth('--dev', '--http', '--http.port', String(httpPort), '--ws', '--ws.port', String(wsPort), ...extraArgs);
  try {
    await waitForLog(node, 'HTTP server started', startMs);
    await waitForLog(node, 'WebSocket server started', startMs);
  } catch (e) {
    await stopProcess(node, 1_000);
    throw e;
  }
  return {
    process: node,
    http: `http://127.0.0.1:${httpPort}`,
    ws: `ws://127.0.0.1:${wsPort}`,
    stop: (graceMs = 10_000) => stopProcess(node, graceMs),
  };
}
