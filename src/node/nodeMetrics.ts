// The node's own metrics, read when scraped: the chain head, the pool's sizes and the peer count, under geth's
// names (chain/head/block, txpool/pending, txpool/queued, p2p/peers as Prometheus spells them).
import type { Registry } from '../metrics/registry.js';

export interface NodeMetricSources {
  headNumber(): bigint;
  poolStatus(): { pending: number; queued: number };
  peerCount(): number;
}

export function registerNodeMetrics(registry: Registry, sources: NodeMetricSources): void {
  registry.gaugeFunc('chain_head_block', 'Number of the current head block', () => sources.headNumber());
  registry.gaugeFunc('txpool_pending', 'Executable transactions in the pool', () => sources.poolStatus().pending);
  registry.gaugeFunc('txpool_queued', 'Non-executable (future nonce) transactions in the pool', () => sources.poolStatus().queued);
  registry.gaugeFunc('p2p_peers', 'Connected peers', () => sources.peerCount());
}
