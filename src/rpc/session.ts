// The connection a call came in on, for the methods that talk back to their caller later (eth_subscribe): only
// transports with a lasting connection (WebSocket) have one; over HTTP handlers get none.
export interface RpcSession {
  /** Sends a JSON-RPC notification (a message without id) to the client, if the connection is still open. */
  notify(method: string, params: unknown): void;
  /** Runs `cleanup` when the connection closes; the returned function cancels that. */
  onClose(cleanup: () => void): () => void;
}
