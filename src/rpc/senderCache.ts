// Senders of the transactions the API has shown, by transaction hash. Blocks come out of the store as new objects
// on every request, so each would recover its senders again: that is most of what formatting a block or its
// receipts costs. A hash fixes the signed transaction and with it the sender, so a remembered one never goes stale.
import { bytesToHex, type Bytes } from '../common/bytes.js';
import type { Transaction } from '../core/types/transaction.js';
import { txSender } from '../core/types/txSigner.js';

const LIMIT = 32_768;
const senders = new Map<string, Bytes>();

/** The sender of a transaction of a stored block or of the pool (both were checked on the way in). */
export function senderOf(tx: Transaction): Bytes {
  const key = bytesToHex(tx.hash);
  let sender = senders.get(key);
  if (sender === undefined) {
    sender = txSender(tx);
    senders.set(key, sender);
    // Map order is insertion order: the first key is the oldest.
    if (senders.size > LIMIT) senders.delete(senders.keys().next().value!);
  }
  return sender;
}
