// An EVM log as consensus sees it (address, topics, data). The fields an RPC response adds (block hash, indexes,
// removed) are context, not part of the log, and live with the RPC layer.
import type { Bytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import { encodeRlp, expectBytes, expectFixedBytes, expectList, type RlpInput, type RlpItem } from '../../rlp/rlp.js';

export interface Log {
  /** 20 bytes. */
  address: Bytes;
  /** 32 bytes each; LOG0..LOG4 give at most four, but decoding does not limit them (neither does geth). */
  topics: Bytes[];
  data: Bytes;
}

export function logToRlp(log: Log): RlpInput {
  return [log.address, log.topics, log.data];
}

export function logFromRlp(item: RlpItem, what = 'log'): Log {
  const [address, topics, data] = expectList(item, what, 3) as [RlpItem, RlpItem, RlpItem];
  return {
    address: expectFixedBytes(address, `${what} address`, 20),
    topics: expectList(topics, `${what} topics`).map((t, i) => expectFixedBytes(t, `${what} topic ${i}`, 32)),
    data: expectBytes(data, `${what} data`),
  };
}

/** keccak256(rlp(logs)): how the state tests commit to the logs of one transaction. */
export function logsHash(logs: readonly Log[]): Bytes {
  return keccak256(encodeRlp(logs.map(logToRlp)));
}
