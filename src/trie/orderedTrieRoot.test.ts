import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, type Bytes } from '../common/bytes.js';
import { EMPTY_TRIE_ROOT } from '../crypto/keccak.js';
import { decodeRlp, encodeRlp, expectBytes, expectList } from '../rlp/rlp.js';
import { orderedTrieRoot } from './orderedTrieRoot.js';
import { Trie } from './trie.js';

// BlockchainTests/ValidBlocks/bcEIP1559/transType.json (Cancun): a block with a legacy, an EIP-2930 and an
// EIP-1559 transaction; its header's transactionsTrie is the root of their encodings.
const BLOCK_RLP =
  '0xf90379f9023da0410e5db3df1973feddf7ccaf2cf268b005417cd48244b4c3416e89e2de77733da01dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347942adc25665018aa1fe0e6bc666dac8fc2697ff9baa0fc16f9a5a69a369b5589cc9facd50ccb17ff705df7c5539183daa56a66da55c7a052d9b585efcf7bfe20a7b8b49861bbf90381c64c03757ee97d4cffe9da0d448da075e70ade70d5adf91c651c207f7a6b91cbf69f7b90c37ffbab12479c27e6ad7eb90100' +
  '00'.repeat(256) + // the empty logs bloom
  '80018502540be40082f61882079e42a0000000000000000000000000000000000000000000000000000000000002000088000000000000000082036ba056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b4218080a00000000000000000000000000000000000000000000000000000000000000000f90134f861018203e882c35094cccccccccccccccccccccccccccccccccccccccc80801ca021539ef96c70ab75350c594afb494458e211c8c722a7a0ffb7025c03b87ad584a01d5395fe48edb306f614f0cd682b8c2537537f5fd3e3275243c42e9deff8e93db86601f86301028203e882c35094cccccccccccccccccccccccccccccccccccccccc8080c080a0260f95e555a1282ef49912ff849b2007f023c44529dc8fb7ecca7693cccb64caa06252cf8af2a49f4cb76fd7172feaece05124edec02db242886b36963a30c2606b86702f8640103648203e882c35094cccccccccccccccccccccccccccccccccccccccc8080c001a08480e6848952a15ae06192b8051d213d689bdccdf8f14cf69f61725e44e5e80aa057c2af627175a2ac812dab661146dfc7b9886e885c257ad9c9175c3fcec2202ec0c0';

describe('orderedTrieRoot', () => {
  it("gives a block's transactions root", () => {
    const [header, txs] = expectList(decodeRlp(hexToBytes(BLOCK_RLP)), 'block');
    const txRoot = expectBytes(expectList(header!, 'header')[4]!, 'transactionsTrie');
    // A legacy transaction is an RLP list in the body; a typed one is a byte string holding its envelope.
    const encoded = expectList(txs!, 'transactions').map((tx) => (Array.isArray(tx) ? encodeRlp(tx) : tx));
    expect(encoded).toHaveLength(3);
    expect(bytesToHex(orderedTrieRoot(encoded))).toBe(bytesToHex(txRoot));
    expect(bytesToHex(txRoot)).toBe('0x52d9b585efcf7bfe20a7b8b49861bbf90381c64c03757ee97d4cffe9da0d448d');
  });

  it('is the empty root for no items', () => {
    expect(bytesToHex(orderedTrieRoot([]))).toBe(bytesToHex(EMPTY_TRIE_ROOT));
  });

  it('matches a trie keyed by rlp(index), across the one-byte key boundary at 0x80', () => {
    const items: Bytes[] = Array.from({ length: 300 }, (_, i) => encodeRlp([i, new Uint8Array(i % 50)]));
    const trie = new Trie();
    items.forEach((item, i) => trie.put(encodeRlp(i), item));
    expect(bytesToHex(orderedTrieRoot(items))).toBe(bytesToHex(trie.hash()));
    expect(bytesToHex(orderedTrieRoot(items.slice(0, 1)))).not.toBe(bytesToHex(orderedTrieRoot(items.slice(0, 2))));
  });

  it('refuses an empty item rather than dropping it', () => {
    expect(() => orderedTrieRoot([Uint8Array.of(1), new Uint8Array(0)])).toThrow('item 1 is empty');
  });
});
