// Running a node as a process does (geth's utils.StartNode): start it, shut it down cleanly on SIGINT or SIGTERM,
// and hand control back once it is closed. A second signal while shutting down forces the process out, for a
// shutdown that hangs.
import { log as rootLog, type Logger } from '../common/log.js';
import type { Node } from './node.js';

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];

/** Where signals come from: the process, or a stand-in in tests. */
export interface SignalSource {
  on(signal: ShutdownSignal, listener: () => void): unknown;
  off(signal: ShutdownSignal, listener: () => void): unknown;
}

export interface StartNodeOptions {
  signals?: SignalSource;
  /** Ends the process at once (the forced exit); process.exit by default. */
  exit?: (code: number) => void;
  log?: Logger;
}

/** The exit code of a forced exit (a second signal during shutdown). */
export const FORCED_EXIT_CODE = 1;

/**
 * Starts `node` and resolves once it has closed, after a signal or a close() from elsewhere. Rejects when a
 * service fails to start (the node is closed by then) or when the shutdown itself fails.
 */
export async function startNode(node: Node, options: StartNodeOptions = {}): Promise<void> {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.log ?? rootLog;
  let shutdown: Promise<void> | undefined;
  const handlers = SHUTDOWN_SIGNALS.map((signal) => {
    const handler = () => {
      if (shutdown === undefined) {
        log.info('Got interrupt, shutting down...', { signal });
        shutdown = node.close();
        // Reported where startNode is awaited; this keeps the rejection from counting as unhandled meanwhile.
        shutdown.catch(() => undefined);
        return;
      }
      log.warn('Already shutting down, forcing exit', { signal });
      exit(FORCED_EXIT_CODE);
    };
    signals.on(signal, handler);
    return { signal, handler };
  });
  // Pending promises do not keep a process alive; a node without a listening server (a dev node without --http)
  // would otherwise end as soon as it started.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    try {
      await node.start();
    } catch (e) {
      // A signal during start closes the node; that is a shutdown, not a failure.
      if (shutdown === undefined) throw e;
    }
    await node.wait();
    await shutdown;
  } finally {
    clearInterval(keepAlive);
    for (const { signal, handler } of handlers) signals.off(signal, handler);
  }
}
