// The contract every part of a running node keeps (geth's node.Lifecycle): started once after registration,
// stopped once at shutdown, in reverse order of registration.

export interface Service {
  /** Names the service in logs ("HTTP server", "Dev miner"). */
  readonly name: string;
  /** Brings the service up; resolves once it serves (a server listens). A rejection aborts the node's start. */
  start(): Promise<void>;
  /** Releases everything start() took; called at most once, and only after start() succeeded. */
  stop(): Promise<void>;
  /** Where the service can be reached once started (e.g. "http://127.0.0.1:8545"), for the start-up log. */
  endpoint?(): string | undefined;
}
