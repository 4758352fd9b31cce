import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '../../common/bytes.js';
import { EMPTY_TRIE_ROOT, EMPTY_UNCLE_HASH } from '../../crypto/keccak.js';
import { decodeRlp, encodeRlp, RlpError, type RlpItem } from '../../rlp/rlp.js';
import {
  decodeHeader,
  encodeHeader,
  Header,
  headerFromJson,
  headerFromRlp,
  headerToJson,
  headerToRlp,
  type HeaderFields,
} from './header.js';

const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), 'utf8'));

const zeros = (n: number) => new Uint8Array(n);
const hash = (hex: string) => hexToBytes(hex);

/** The fifteen fields every header has, as a pre-London block would carry them. */
function baseFields(): HeaderFields {
  return {
    parentHash: new Uint8Array(32).fill(0x11),
    ommersHash: EMPTY_UNCLE_HASH,
    coinbase: new Uint8Array(20).fill(0x22),
    stateRoot: new Uint8Array(32).fill(0x33),
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: zeros(256),
    difficulty: 131072n,
    number: 1234n,
    gasLimit: 30_000_000n,
    gasUsed: 21_000n,
    timestamp: 1_700_000_000n,
    extraData: utf8ToBytes('tsgeth'),
    mixHash: new Uint8Array(32).fill(0x44),
    nonce: hexToBytes('0x0102030405060708'),
  };
}

const LONDON = { baseFeePerGas: 7n };
const SHANGHAI = { ...LONDON, withdrawalsRoot: new Uint8Array(32).fill(0x55) };
const CANCUN = {
  ...SHANGHAI,
  blobGasUsed: 131072n,
  excessBlobGas: 262144n,
  parentBeaconBlockRoot: new Uint8Array(32).fill(0x66),
};
const PRAGUE = { ...CANCUN, requestsHash: new Uint8Array(32).fill(0x77) };

/** The RLP list of a valid header, for corrupting one field at a time. */
function headerList(extra: Partial<HeaderFields> = {}): RlpItem[] {
  return decodeRlp(encodeHeader(new Header({ ...baseFields(), ...extra }))) as RlpItem[];
}

describe('header shapes', () => {
  it.each([
    ['pre-London', {}, 15],
    ['London', LONDON, 16],
    ['Shanghai', SHANGHAI, 17],
    ['Cancun', CANCUN, 20],
    ['Prague', PRAGUE, 21],
  ])('%s header round-trips', (_name, extra, count) => {
    const header = new Header({ ...baseFields(), ...extra });
    const bytes = encodeHeader(header);
    expect((decodeRlp(bytes) as RlpItem[]).length).toBe(count);
    const decoded = decodeHeader(bytes);
    expect(decoded).toEqual(header);
    expect(encodeHeader(decoded)).toEqual(bytes);
    expect(decoded.hash).toEqual(header.hash);
    expect(headerFromJson(headerToJson(header))).toEqual(header);
  });

  it('keeps the fields of a fork absent when the header predates it', () => {
    const header = decodeHeader(encodeHeader(new Header({ ...baseFields(), ...LONDON })));
    expect(header.baseFeePerGas).toBe(7n);
    expect(header.withdrawalsRoot).toBeUndefined();
    expect(header.requestsHash).toBeUndefined();
    expect(Object.keys(headerToJson(header))).not.toContain('withdrawalsRoot');
  });

  it('hashes once and changes with any field', () => {
    const header = new Header(baseFields());
    expect(header.hash).toBe(header.hash);
    expect(new Header({ ...baseFields(), gasUsed: 21_001n }).hash).not.toEqual(header.hash);
  });
});

describe('known hashes', () => {
  // Built from its known fields rather than decoded, so the field order and encoding are checked too.
  it('gives the mainnet genesis hash', () => {
    const header = new Header({
      parentHash: zeros(32),
      ommersHash: EMPTY_UNCLE_HASH,
      coinbase: zeros(20),
      stateRoot: hash('0xd7f8974fb5ac78d9ac099b9ad5018bedc2ce0a72dad1827a1709da30580f0544'),
      transactionsRoot: EMPTY_TRIE_ROOT,
      receiptsRoot: EMPTY_TRIE_ROOT,
      logsBloom: zeros(256),
      difficulty: 0x400000000n,
      number: 0n,
      gasLimit: 5000n,
      gasUsed: 0n,
      timestamp: 0n,
      extraData: hash('0x11bbe8db4e347b4e8c937c1c8370e4b5ed33adb3db69cbdb7a38e1e50b1b82fa'),
      mixHash: zeros(32),
      nonce: hexToBytes('0x0000000000000042'),
    });
    expect(bytesToHex(header.hash)).toBe('0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3');

    // BasicTests/genesishashestest.json holds the whole genesis block: [header, [], []].
    const vector = fixture('BasicTests/genesishashestest.json') as { genesis_rlp_hex: string; genesis_hash: string };
    const block = decodeRlp(hexToBytes(vector.genesis_rlp_hex)) as RlpItem[];
    expect(encodeRlp(headerToRlp(header))).toEqual(encodeRlp(block[0]!));
    expect(bytesToHex(headerFromRlp(block[0]!).hash)).toBe('0x' + vector.genesis_hash);
  });

  it('gives the sepolia genesis hash (a London header)', () => {
    const header = new Header({
      ...baseFields(),
      parentHash: zeros(32),
      coinbase: zeros(20),
      stateRoot: hash('0x5eb6e371a698b8d68f665192350ffcecbbbf322916f4b51bd79bb6887da3f494'),
      difficulty: 0x20000n,
      number: 0n,
      gasLimit: 0x1c9c380n,
      gasUsed: 0n,
      timestamp: 0x6159af19n,
      extraData: utf8ToBytes('Sepolia, Athens, Attica, Greece!'),
      mixHash: zeros(32),
      nonce: zeros(8),
      baseFeePerGas: 1_000_000_000n,
    });
    expect(bytesToHex(header.hash)).toBe('0x25a5cc106eea7138acab33231d7160d69cb777ee0c2c553fcddf5138993e6dd9');
  });

  // The eth_getBlockByHash example of execution-apis: a proof-of-work block with a real nonce and difficulty.
  it('gives the hash of the execution-apis example block', () => {
    const header = new Header({
      parentHash: hash('0x1f68ac259155e2f38211ddad0f0a15394d55417b185a93923e2abe71bb7a4d6d'),
      ommersHash: EMPTY_UNCLE_HASH,
      coinbase: hash('0xb42b6c4a95406c78ff892d270ad20b22642e102d'),
      stateRoot: hash('0x91309efa7e42c1f137f31fe9edbe88ae087e6620d0d59031324da3e2f4f93233'),
      transactionsRoot: hash('0x4d0c8e91e16bdff538c03211c5c73632ed054d00a7e210c0eb25146c20048126'),
      receiptsRoot: hash('0x68461ab700003503a305083630a8fb8d14927238f0bc8b6b3d246c0c64f21f4a'),
      logsBloom: hash(
        '0x00000000000000100000004080000000000500000000000000020000100000000800001000000004000001000000000000000800040010000020100000000400000010000000000000000040000000000000040000000000000000000000000000000400002400000000000000000000000000000004000004000000000000840000000800000080010004000000001000000800000000000000000000000000000000000800000000000040000000020000000000000000000800000400000000000000000000000600000400000000002000000000000000000000004000000000000000100000000000000000000000000000000000040000900010000000',
      ),
      difficulty: 0x66e619an,
      number: 0x68b3n,
      gasLimit: 0x47e7c4n,
      gasUsed: 0x37993n,
      timestamp: 0x5835c54dn,
      extraData: hash('0xd583010502846765746885676f312e37856c696e7578'),
      mixHash: hash('0x24900fb3da77674a861c428429dce0762707ecb6052325bbd9b3c64e74b5af9d'),
      nonce: hash('0x378da40ff335b070'),
    });
    expect(bytesToHex(header.hash)).toBe('0xd5f1812548be429cbdc6376b29611fc49e06f1359758c4ceaaa3b393e2239f9c');
  });
});

describe('BlockchainTests header JSON', () => {
  it.each(['shanghaiExample.json', 'blockWithAllTransactionTypes.json', 'log1_correct.json', 'transType.json'])(
    '%s: genesis and block headers hash to their `hash` and print back unchanged',
    (file) => {
      const tests = fixture(`BlockchainTests/${file}`) as Record<
        string,
        { genesisBlockHeader: { hash: string }; blocks: { blockHeader: { hash: string } }[] }
      >;
      let checked = 0;
      for (const test of Object.values(tests)) {
        for (const json of [test.genesisBlockHeader, ...test.blocks.map((b) => b.blockHeader)]) {
          const header = headerFromJson(json);
          expect(bytesToHex(header.hash)).toBe(json.hash);
          expect(headerToJson(header)).toEqual(json);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(2);
    },
  );

  it('reads integers given as decimal or unpadded hex', () => {
    const json = headerToJson(new Header(baseFields()));
    expect(headerFromJson({ ...json, number: '1234', gasUsed: '0x5208' }).number).toBe(1234n);
  });

  it('rejects malformed JSON with the key named', () => {
    const json = headerToJson(new Header({ ...baseFields(), ...LONDON }));
    const { uncleHash: _omit, ...withoutUncleHash } = json;
    expect(() => headerFromJson(withoutUncleHash)).toThrow('header json: missing uncleHash');
    expect(() => headerFromJson({ ...json, coinbase: '0x1234' })).toThrow('header: coinbase must be 20 bytes, got 2');
    expect(() => headerFromJson({ ...json, stateRoot: 'zz' })).toThrow('header json: stateRoot is not even-length 0x hex');
    expect(() => headerFromJson({ ...json, extraData: '0x123' })).toThrow('extraData is not even-length');
    expect(() => headerFromJson({ ...json, number: 5 })).toThrow('header json: number must be a string, got number');
    expect(() => headerFromJson({ ...json, gasLimit: '0xg' })).toThrow('header json: gasLimit: invalid integer');
    expect(() => headerFromJson({ ...json, blobGasUsed: '0x00' })).toThrow(
      'blobGasUsed is set but withdrawalsRoot is not',
    );
    expect(() => headerFromJson([])).toThrow('header json: expected an object');
  });
});

describe('header validation', () => {
  it('rejects a gap in the optional fields', () => {
    expect(() => new Header({ ...baseFields(), withdrawalsRoot: zeros(32) })).toThrow(
      'header: withdrawalsRoot is set but baseFeePerGas is not (optional fields are positional',
    );
    const { excessBlobGas: _omit, ...gapped } = PRAGUE;
    expect(() => new Header({ ...baseFields(), ...gapped })).toThrow(
      'parentBeaconBlockRoot is set but excessBlobGas is not',
    );
  });

  it('rejects wrong sizes and out-of-range integers', () => {
    expect(() => new Header({ ...baseFields(), parentHash: zeros(31) })).toThrow('parentHash must be 32 bytes, got 31');
    expect(() => new Header({ ...baseFields(), logsBloom: zeros(128) })).toThrow('logsBloom must be 256 bytes');
    expect(() => new Header({ ...baseFields(), nonce: zeros(7) })).toThrow('nonce must be 8 bytes');
    expect(() => new Header({ ...baseFields(), gasLimit: 1n << 64n })).toThrow(
      'gasLimit must be an unsigned integer of at most 8 bytes',
    );
    expect(() => new Header({ ...baseFields(), difficulty: -1n })).toThrow('difficulty must be an unsigned integer');
    expect(() => new Header({ ...baseFields(), ...CANCUN, excessBlobGas: 1n << 64n })).toThrow('excessBlobGas');
    expect(() => new Header({ ...baseFields(), number: undefined as unknown as bigint })).toThrow('header: missing number');
    // The largest values that fit are fine.
    expect(new Header({ ...baseFields(), gasLimit: (1n << 64n) - 1n, difficulty: (1n << 256n) - 1n }).gasLimit).toBe(
      (1n << 64n) - 1n,
    );
  });
});

describe('strict header decoding', () => {
  const encodeList = (list: RlpItem[]) => encodeRlp(list);

  it('rejects truncated input', () => {
    const bytes = encodeHeader(new Header(baseFields()));
    expect(() => decodeHeader(bytes.subarray(0, bytes.length - 1))).toThrow(RlpError);
    expect(() => decodeHeader(bytes.subarray(0, 10))).toThrow(/exceeds the input/);
    expect(() => decodeHeader(new Uint8Array(0))).toThrow('rlp: empty input');
  });

  it('rejects trailing bytes', () => {
    const bytes = encodeHeader(new Header(baseFields()));
    expect(() => decodeHeader(concatBytes(bytes, new Uint8Array([0x80])))).toThrow('trailing bytes');
  });

  it('rejects a wrong field count', () => {
    const list = headerList();
    expect(() => decodeHeader(encodeList(list.slice(0, 14)))).toThrow('header: expected 15 to 21 fields, got 14');
    const prague = headerList(PRAGUE);
    expect(() => decodeHeader(encodeList([...prague, zeros(32)]))).toThrow('expected 15 to 21 fields, got 22');
    expect(() => decodeHeader(encodeRlp(zeros(5)))).toThrow('header: expected a list, got a string');
  });

  it('rejects wrong sizes with the field named', () => {
    const cases: [number, RlpItem, string][] = [
      [0, zeros(31), 'header parentHash: expected 32 bytes, got 31'],
      [2, zeros(21), 'header coinbase: expected 20 bytes, got 21'],
      [6, zeros(255), 'header logsBloom: expected 256 bytes, got 255'],
      [14, zeros(9), 'header nonce: expected 8 bytes, got 9'],
      [9, new Uint8Array(9).fill(1), 'header gasLimit: integer longer than 8 bytes'],
      [7, new Uint8Array(33).fill(1), 'header difficulty: integer longer than 32 bytes'],
      [3, [], 'header stateRoot: expected a string, got a list'],
    ];
    for (const [index, value, message] of cases) {
      const list = headerList();
      list[index] = value;
      expect(() => decodeHeader(encodeList(list)), message).toThrow(message);
    }
    const cancun = headerList(CANCUN);
    cancun[19] = zeros(20);
    expect(() => decodeHeader(encodeList(cancun))).toThrow('header parentBeaconBlockRoot: expected 32 bytes, got 20');
  });

  it('rejects integers with leading zeros', () => {
    const list = headerList();
    list[8] = hexToBytes('0x0004d2');
    expect(() => decodeHeader(encodeList(list))).toThrow('header number: integer has a leading zero byte');
    const london = headerList(LONDON);
    london[15] = hexToBytes('0x0007');
    expect(() => decodeHeader(encodeList(london))).toThrow('header baseFeePerGas: integer has a leading zero byte');
  });

  it('accepts an empty and a long extraData (its limit is a consensus rule)', () => {
    for (const extraData of [zeros(0), zeros(100)]) {
      const header = new Header({ ...baseFields(), extraData });
      expect(decodeHeader(encodeHeader(header)).extraData).toEqual(extraData);
    }
  });

  it('names the header in errors when asked', () => {
    expect(() => headerFromRlp(zeros(1), 'ommer 3')).toThrow('ommer 3: expected a list');
  });
});
