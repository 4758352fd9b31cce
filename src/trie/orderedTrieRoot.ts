// The root of a list stored in a trie under rlp(index) keys: the transactions, receipts and withdrawals roots of
// a block header. The trie lives only in memory, so no store is needed.
import type { Bytes } from '../common/bytes.js';
import { encodeRlp } from '../rlp/rlp.js';
import { Trie } from './trie.js';

export function orderedTrieRoot(items: Bytes[]): Bytes {
  const trie = new Trie();
  for (let i = 0; i < items.length; i++) {
    // An empty value would read as a deletion and silently drop the item from the root.
    if (items[i]!.length === 0) throw new Error(`orderedTrieRoot: item ${i} is empty`);
    trie.put(encodeRlp(i), items[i]!);
  }
  return trie.hash();
}
