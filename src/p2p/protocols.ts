// The names this node's protocols go by on libp2p: request/response protocol ids, and gossip topics scoped to
// one chain by its genesis hash, so that nodes of different networks sharing a peer never mix their messages.
import { bytesToHex, type Bytes } from '../common/bytes.js';

export const HEADERS_PROTOCOL = '/tsgeth/headers/1';
export const BODIES_PROTOCOL = '/tsgeth/bodies/1';
export const RECEIPTS_PROTOCOL = '/tsgeth/receipts/1';
export const POOLED_TRANSACTIONS_PROTOCOL = '/tsgeth/pooledtxs/1';

export interface GossipTopics {
  blocks: string;
  transactions: string;
}

export function gossipTopics(genesisHash: Bytes): GossipTopics {
  const chain = bytesToHex(genesisHash).slice(2, 18);
  return { blocks: `/tsgeth/${chain}/blocks/1`, transactions: `/tsgeth/${chain}/txs/1` };
}
