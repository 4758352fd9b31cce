// BasicTests: keyaddrtest.json (private key -> address), hexencodetest.json (trie hex-prefix encoding),
// genesishashestest.json (the mainnet genesis block), txtest.json (signing a Frontier transaction). Skipped: the difficulty*.json files (ethash difficulty; this node has no proof of work),
// crypto.json (ECIES, for devp2p which this node does not speak) and blockgenesistest.json (a proof-of-concept era
// header of 13 fields with a pre-release account encoding, not the format of any live chain). keyaddrtest's
// `sig_of_emptystring` is not checked: it recovers to its address neither over keccak(""), sha256("") nor a zero
// digest, so what it signed is unknown.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { bytesEqual, bytesToHex, EMPTY_BYTES, hexToBytes } from '../../../src/common/bytes.js';
import { parseJsonLossless } from '../../../src/common/losslessJson.js';
import { genesisBlock } from '../../../src/core/genesis/genesisBlock.js';
import { builtInGenesis } from '../../../src/core/genesis/networks.js';
import { encodeBlock } from '../../../src/core/types/block.js';
import { decodeTransaction, encodeTransaction } from '../../../src/core/types/transaction.js';
import { LEGACY_TX_TYPE, type LegacyTxData } from '../../../src/core/types/txData.js';
import { encodeSigningPayload } from '../../../src/core/types/txEncoding.js';
import { signTransaction, txSender } from '../../../src/core/types/txSigner.js';
import { privateKeyToAddress, SECP256K1_HALF_N, SECP256K1_N } from '../../../src/crypto/secp256k1.js';
import { rulesFor } from '../../../src/params/chainConfig.js';
import { configForFork } from '../../../src/params/forks.js';
import { decodeRlp, encodeRlp, expectList } from '../../../src/rlp/rlp.js';
import { hexPrefixEncode } from '../../../src/trie/hexPrefix.js';
import { isRecord, runCase, type CaseResult, type Suite } from '../suite.js';

const FRONTIER = rulesFor(configForFork('Frontier'), 0n, false, 0n);

function expectHex(what: string, got: Uint8Array, want: string): void {
  if (!bytesEqual(got, hexToBytes(want))) throw new Error(`${what}: got ${bytesToHex(got)}, want 0x${want.replace(/^0x/, '')}`);
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new Error(`${what}: expected a string`);
  return v;
}

function int(v: unknown, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^[0-9]+$/.test(v)) return BigInt(v);
  throw new Error(`${what}: expected an integer`);
}

async function keyAddr(content: unknown): Promise<CaseResult[] | undefined> {
  if (!Array.isArray(content)) return undefined;
  return Promise.all(
    content.map((t, i) =>
      runCase(`${i} ${isRecord(t) ? String(t.seed) : ''}`, () => {
        if (!isRecord(t)) throw new Error('malformed test');
        const key = hexToBytes(str(t.key, 'key'));
        expectHex('address', privateKeyToAddress(key), str(t.addr, 'addr'));
      }),
    ),
  );
}

async function hexEncode(content: unknown): Promise<CaseResult[] | undefined> {
  if (!isRecord(content)) return undefined;
  const results: CaseResult[] = [];
  for (const [name, t] of Object.entries(content)) {
    results.push(
      await runCase(name, () => {
        if (!isRecord(t) || !Array.isArray(t.seq) || typeof t.term !== 'boolean') throw new Error('malformed test');
        expectHex('encoding', hexPrefixEncode(t.seq as number[], t.term), str(t.out, 'out'));
      }),
    );
  }
  return results;
}

async function genesisHashes(content: unknown): Promise<CaseResult[] | undefined> {
  if (!isRecord(content) || typeof content.genesis_rlp_hex !== 'string') return undefined;
  return [
    await runCase('mainnet genesis', () => {
      const block = genesisBlock(builtInGenesis('mainnet'));
      expectHex('state root', block.header.stateRoot, str(content.genesis_state_root, 'genesis_state_root'));
      expectHex('block rlp', encodeBlock(block), str(content.genesis_rlp_hex, 'genesis_rlp_hex'));
      expectHex('hash', block.hash, str(content.genesis_hash, 'genesis_hash'));
    }),
  ];
}

async function txTest(content: unknown): Promise<CaseResult[] | undefined> {
  if (!Array.isArray(content)) return undefined;
  return Promise.all(
    content.map((t, i) =>
      runCase(String(i), () => {
        if (!isRecord(t)) throw new Error('malformed test');
        const key = hexToBytes(str(t.key, 'key'));
        const to = str(t.to, 'to');
        const unsigned: LegacyTxData = {
          type: LEGACY_TX_TYPE,
          nonce: int(t.nonce, 'nonce'),
          gasPrice: int(t.gasprice, 'gasprice'),
          gasLimit: int(t.startgas, 'startgas'),
          to: to === '' ? undefined : hexToBytes(to),
          value: int(t.value, 'value'),
          data: hexToBytes(str(t.data, 'data')),
        };
        // `unsigned` is the transaction with empty v, r, s; the signed payload is the same list without them.
        const payload = expectList(decodeRlp(encodeSigningPayload(unsigned)), 'signing payload', 6);
        const empty = [EMPTY_BYTES, EMPTY_BYTES, EMPTY_BYTES];
        expectHex('unsigned', encodeRlp([...payload, ...empty]), str(t.unsigned, 'unsigned'));
        // The file's signatures predate EIP-2, so s may be in the upper half: compare with ours after
        // normalising (s -> n - s flips the recovery id), and recover the sender under Frontier rules.
        const expected = decodeTransaction(hexToBytes(str(t.signed, 'signed')));
        const ours = signTransaction(unsigned, key);
        let { r, s, yParity } = expected.signature;
        if (s > SECP256K1_HALF_N) [s, yParity] = [SECP256K1_N - s, yParity ^ 1];
        if (ours.signature.r !== r || ours.signature.s !== s || ours.signature.yParity !== yParity) {
          throw new Error(`signature differs: got ${bytesToHex(encodeTransaction(ours))}`);
        }
        expectHex('signing payload', expected.signingHash, bytesToHex(ours.signingHash));
        expectHex('sender', txSender(expected, FRONTIER), bytesToHex(privateKeyToAddress(key)));
      }),
    ),
  );
}

const HANDLERS: Record<string, (content: unknown) => Promise<CaseResult[] | undefined>> = {
  'keyaddrtest.json': keyAddr,
  'hexencodetest.json': hexEncode,
  'genesishashestest.json': genesisHashes,
  'txtest.json': txTest,
};

export const basicSuite: Suite = {
  name: 'basic',
  runFile(file) {
    const handler = HANDLERS[basename(file)];
    // Re-read without rounding: these files carry integers beyond 2^53 as bare JSON numbers.
    return handler ? handler(parseJsonLossless(readFileSync(file, 'utf8'))) : undefined;
  },
};
