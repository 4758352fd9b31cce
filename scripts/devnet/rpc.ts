// The few JSON-RPC calls the launcher makes to its nodes (is it up, its head, its p2p address), over HTTP.

/** A call that got no usable answer: the node is down, slow, or answered with an error. */
export class RpcCallError extends Error {
  override name = 'RpcCallError';
}

/** Calls `method` at `url` and returns its result; gives up after `timeoutMs`. */
export async function rpcCall(url: string, method: string, params: unknown[] = [], timeoutMs = 2_000): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new RpcCallError(`${method} at ${url}: ${cause ?? (e as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new RpcCallError(`${method} at ${url}: HTTP ${response.status} ${text.slice(0, 200)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RpcCallError(`${method} at ${url}: the answer is not JSON: ${text.slice(0, 200)}`);
  }
  const { result, error } = body as { result?: unknown; error?: { message?: string } };
  if (error !== undefined) throw new RpcCallError(`${method} at ${url}: ${error.message ?? JSON.stringify(error)}`);
  return result;
}

/** The node's head block number. */
export async function blockNumber(url: string, timeoutMs?: number): Promise<bigint> {
  const result = await rpcCall(url, 'eth_blockNumber', [], timeoutMs);
  if (typeof result !== 'string' || !/^0x[0-9a-f]+$/i.test(result)) {
    throw new RpcCallError(`eth_blockNumber at ${url}: not a quantity: ${JSON.stringify(result)}`);
  }
  return BigInt(result);
}

/** How many peers the node has. */
export async function peerCount(url: string, timeoutMs?: number): Promise<number> {
  const result = await rpcCall(url, 'net_peerCount', [], timeoutMs);
  if (typeof result !== 'string' || !/^0x[0-9a-f]+$/i.test(result)) {
    throw new RpcCallError(`net_peerCount at ${url}: not a quantity: ${JSON.stringify(result)}`);
  }
  return Number(result);
}

/**
 * The node's libp2p address on 127.0.0.1 (admin_nodeInfo's `multiaddrs`, /ip4/127.0.0.1/tcp/PORT/p2p/PEERID),
 * preferring the one on `p2pPort`; undefined while the node lists none.
 */
export async function nodeMultiaddr(url: string, p2pPort: number, timeoutMs?: number): Promise<string | undefined> {
  const info = await rpcCall(url, 'admin_nodeInfo', [], timeoutMs);
  const list = (info as { multiaddrs?: unknown } | null)?.multiaddrs;
  if (!Array.isArray(list)) return undefined;
  const addrs = list.filter((a): a is string => typeof a === 'string' && a.startsWith('/ip4/127.0.0.1/tcp/') && a.includes('/p2p/'));
  return addrs.find((a) => a.startsWith(`/ip4/127.0.0.1/tcp/${p2pPort}/`)) ?? addrs[0];
}
