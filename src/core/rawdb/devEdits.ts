// What a dev chain changes outside its blocks (anvil_setBalance and the like, impersonated senders), kept so that
// a restarted node reads its blocks' states and senders as it did before.
import { bytesToHex, type Bytes } from '../../common/bytes.js';
import type { KeyValueStore, KeyValueWriter } from '../../db/keyValueStore.js';
import { DEV_SENDER_PREFIX, DEV_STATE_PREFIX, devSenderKey, devStateKey } from '../../db/schema.js';
import { corrupt } from './corruption.js';

export function writeDevStateRoot(writer: KeyValueWriter, blockHash: Bytes, root: Bytes): void {
  writer.put(devStateKey(blockHash), root);
}

export function deleteDevStateRoot(writer: KeyValueWriter, blockHash: Bytes): void {
  writer.delete(devStateKey(blockHash));
}

/** Every edited state root, by block hash. */
export async function readDevStateRoots(store: KeyValueStore): Promise<Map<string, Bytes>> {
  const roots = new Map<string, Bytes>();
  for await (const [key, root] of store.entries(DEV_STATE_PREFIX)) {
    const blockHash = key.subarray(DEV_STATE_PREFIX.length);
    if (blockHash.length !== 32 || root.length !== 32) {
      throw corrupt(`edited state root entry ${bytesToHex(key)}`, 'wrong length');
    }
    roots.set(bytesToHex(blockHash), root);
  }
  return roots;
}

export function writeDevSender(writer: KeyValueWriter, txHash: Bytes, sender: Bytes): void {
  writer.put(devSenderKey(txHash), sender);
}

/** Every stored sender of an unsigned (impersonated) transaction, by transaction hash. */
export async function readDevSenders(store: KeyValueStore): Promise<Map<string, Bytes>> {
  const senders = new Map<string, Bytes>();
  for await (const [key, sender] of store.entries(DEV_SENDER_PREFIX)) {
    const txHash = key.subarray(DEV_SENDER_PREFIX.length);
    if (txHash.length !== 32 || sender.length !== 20) {
      throw corrupt(`impersonated sender entry ${bytesToHex(key)}`, 'wrong length');
    }
    senders.set(bytesToHex(txHash), sender);
  }
  return senders;
}
