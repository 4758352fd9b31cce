import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { privateKeyToAddress, SECP256K1_N } from '../../crypto/secp256k1.js';
import { isMergedAtGenesis, rulesFor, type Rules } from '../../params/chainConfig.js';
import { configForFork, type ForkName } from '../../params/forks.js';
import { decodeTransaction, encodeTransaction, Transaction } from './transaction.js';
import type { LegacyTxData, TxData } from './txData.js';
import { TransactionValidationError } from './txErrors.js';
import { checkTxSignature, signTransaction, txSender, txTypeSupported } from './txSigner.js';

function rules(fork: ForkName, chainId = 1n): Rules {
  const config = configForFork(fork, chainId);
  return rulesFor(config, 0n, isMergedAtGenesis(config), 0n);
}

/** The error a call throws, for checking its class, code and message together. */
function thrown(fn: () => unknown): TransactionValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TransactionValidationError) return e;
    throw e;
  }
  throw new Error('expected a TransactionValidationError');
}

// The test key of the official vectors (address 0xa94f...0b) and the transactions it signed in
// BlockchainTests bcEIP4844-blobtransactions/blockWithAllTransactionTypes.
const VECTOR_KEY = hexToBytes('0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8');
const VECTOR_SENDER = '0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b';
const VECTOR_TXS = [
  '0xf864808203e885e8d4a5100094100000000000000000000000000000000000000a01801ca09de4adda6288582a6700dbcd8eb70c0a4a7fc9487d965f7bf22424e0bd121095a01cdb078764cc3770d5db847e99e10333aa7c356247baaf09b03eae04d64e7926',
  '0x01f86601018203e885e8d4a5100094100000000000000000000000000000000000000a0380c080a025090740da12684493e4fb466a3979e365b194e8cf462edf3c2c3be2f130bb2ea034fa18fb4c1bff4d957d72e28535d27f1352517a942aeaca0ed944085f0cd8bb',
  '0x02f8670102018203e885e8d4a5100094100000000000000000000000000000000000000a0580c080a0352a7be5002ce111bc5167f3addf97a75e2e0b810d826af71d2caae18aed284ea065d38f8a5c8948ce706842e8861fb21020b93a4d5e489162a0e6d419a457b735',
  '0x03f8890103018203e885e8d4a5100094100000000000000000000000000000000000000a0780c00ae1a001a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8809f638144c46d5de7a9e630c0e7c5c63ae829ecfd8cc94715d9c29fe17c464de0a06c5fc54c3aa868ba35ef31a4e12431611631ab7bcdceb4214dd273d83f73b5e1',
];

// EIP-155's own example: key 0x4646...46 signs this for chain 1.
const EIP155_KEY = new Uint8Array(32).fill(0x46);
const EIP155_TX: LegacyTxData = {
  type: 0,
  nonce: 9n,
  gasPrice: 20_000_000_000n,
  gasLimit: 21000n,
  to: hexToBytes('0x3535353535353535353535353535353535353535'),
  value: 10n ** 18n,
  data: new Uint8Array(),
  chainId: 1n,
};

const TRANSFER: LegacyTxData = { ...EIP155_TX, chainId: undefined };

/** The same signature with s mirrored into the upper half: still valid math, forbidden by EIP-2. */
function withHighS(tx: Transaction): Transaction {
  return new Transaction(tx.inner, { r: tx.r, s: SECP256K1_N - tx.s, yParity: 1 - tx.yParity });
}

describe('signTransaction', () => {
  it('reproduces the EIP-155 example exactly (deterministic signatures)', () => {
    const tx = signTransaction(EIP155_TX, EIP155_KEY);
    expect(bytesToHex(encodeTransaction(tx))).toBe(
      '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83',
    );
    expect(tx.v).toBe(37n);
    expect(bytesToHex(txSender(tx, rules('Cancun')))).toBe('0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f');
  });

  it.each(VECTOR_TXS.map((hex, type) => [type, hex]))('reproduces the vector signature of type %i', (_type, hex) => {
    const vector = decodeTransaction(hexToBytes(hex));
    const signed = signTransaction(vector.inner, VECTOR_KEY);
    expect(bytesToHex(encodeTransaction(signed))).toBe(hex);
    expect(bytesToHex(txSender(signed, rules('Cancun')))).toBe(VECTOR_SENDER);
  });

  it('gives EIP-155 v values chainId * 2 + 35/36 and 27/28 without a chain id', () => {
    for (let nonce = 0n; nonce < 4n; nonce++) {
      const unprotected = signTransaction({ ...TRANSFER, nonce }, EIP155_KEY);
      expect([27n, 28n]).toContain(unprotected.v);
      expect(unprotected.v).toBe(27n + BigInt(unprotected.yParity));
      const goerli = signTransaction({ ...TRANSFER, nonce, chainId: 5n }, EIP155_KEY);
      expect(goerli.v).toBe(45n + BigInt(goerli.yParity));
      expect(goerli.chainId).toBe(5n);
    }
  });

  it('always produces a low s', () => {
    for (let nonce = 0n; nonce < 8n; nonce++) {
      expect(signTransaction({ ...TRANSFER, nonce }, EIP155_KEY).s <= SECP256K1_N / 2n).toBe(true);
    }
  });

  it('rejects an invalid private key or content', () => {
    expect(() => signTransaction(TRANSFER, new Uint8Array(32))).toThrow(/invalid private key/);
    expect(() => signTransaction(TRANSFER, new Uint8Array(31).fill(1))).toThrow(/invalid private key/);
    expect(() => signTransaction({ ...TRANSFER, value: -1n }, EIP155_KEY)).toThrow(/value must be an unsigned/);
  });
});

describe('txSender', () => {
  const key = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
  const address = bytesToHex(privateKeyToAddress(key));

  it('recovers the signer of every type', () => {
    const bases: TxData[] = [
      TRANSFER,
      EIP155_TX,
      { ...TRANSFER, type: 1, chainId: 1n, accessList: [] },
      { ...TRANSFER, type: 2, chainId: 1n, maxPriorityFeePerGas: 1n, maxFeePerGas: 2n, accessList: [] },
    ];
    for (const base of bases) expect(bytesToHex(txSender(signTransaction(base, key), rules('Cancun')))).toBe(address);
  });

  it('recovers only once per transaction object', () => {
    const tx = signTransaction(EIP155_TX, key);
    const first = txSender(tx, rules('Cancun'));
    expect(txSender(tx)).toBe(first);
    let calls = 0;
    expect(tx.resolveSender(() => (calls++, new Uint8Array(20)))).toBe(first);
    expect(calls).toBe(0);
  });

  it('still checks the rules when the sender is cached', () => {
    const tx = signTransaction({ ...EIP155_TX, chainId: 5n }, key);
    txSender(tx, rules('Cancun', 5n));
    expect(thrown(() => txSender(tx, rules('Cancun', 1n))).code).toBe('invalidChainId');
  });

  it('accepts a high s before Homestead only', () => {
    const tx = withHighS(signTransaction(TRANSFER, key));
    expect(bytesToHex(txSender(tx, rules('Frontier')))).toBe(address);
    const e = thrown(() => txSender(tx, rules('Homestead')));
    expect(e.code).toBe('invalidSignature');
    expect(e.message).toMatch(/^invalid transaction v, r, s values: .*EIP-2/);
    expect(thrown(() => txSender(tx)).code).toBe('invalidSignature');
  });

  it('rejects a wrong chain id, for legacy and typed transactions', () => {
    const legacy = signTransaction({ ...EIP155_TX, chainId: 3n }, key);
    const e = thrown(() => txSender(legacy, rules('London')));
    expect(e.code).toBe('invalidChainId');
    expect(e.message).toBe('invalid chain id for signer: have 3 want 1');
    const typed = signTransaction({ ...TRANSFER, type: 1, chainId: 2n, accessList: [] }, key);
    expect(thrown(() => txSender(typed, rules('Berlin'))).message).toBe('invalid chain id for signer: have 2 want 1');
    // Without rules the transaction's own chain id is taken.
    expect(bytesToHex(txSender(typed))).toBe(address);
  });

  it('accepts an unprotected legacy transaction on any chain', () => {
    expect(bytesToHex(txSender(signTransaction(TRANSFER, key), rules('Cancun', 1337n)))).toBe(address);
  });

  it('rejects an EIP-155 signature before EIP-155', () => {
    const tx = signTransaction(EIP155_TX, key);
    const e = thrown(() => txSender(tx, rules('EIP150')));
    expect(e.code).toBe('invalidSignature');
    expect(e.message).toMatch(/v 37 is an EIP-155 value, not valid before EIP-155/);
    expect(bytesToHex(txSender(tx, rules('EIP158')))).toBe(address);
  });

  it('rejects a type the fork does not know', () => {
    const data: TxData = { ...TRANSFER, type: 2, chainId: 1n, maxPriorityFeePerGas: 1n, maxFeePerGas: 2n, accessList: [] };
    const e = thrown(() => txSender(signTransaction(data, key), rules('Berlin')));
    expect(e.code).toBe('typeNotSupported');
    expect(e.message).toBe('transaction type not supported: type 2 needs London');
  });

  it('rejects r or s out of range and signatures that match no key', () => {
    const tx = signTransaction(TRANSFER, key);
    const zeroR = new Transaction(tx.inner, { ...tx.signature, r: 0n });
    expect(thrown(() => txSender(zeroR)).message).toMatch(/r out of range/);
    const sAtN = new Transaction(tx.inner, { ...tx.signature, s: SECP256K1_N });
    expect(thrown(() => txSender(sAtN)).message).toMatch(/s out of range/);
    // ttSignature/PointAtInfinity: r is a valid x coordinate but recovery yields the point at infinity.
    const infinity = decodeTransaction(
      hexToBytes(
        '0xf85f011082520894f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f001801ca06f0010ff4c31c2a6d0526c0d414e6cd01ad5d22e15bfff98af23867366b94d87a05413392d556119132da7056f8fb56a9138a36446a8a4ad7159c9d892d9f32284',
      ),
    );
    const e = thrown(() => txSender(infinity, rules('Cancun')));
    expect(e.code).toBe('invalidSignature');
    expect(e.message).toMatch(/public key recovery failed/);
  });
});

describe('checkTxSignature and txTypeSupported', () => {
  it('introduce types at Berlin, London and Cancun', () => {
    const supported = (fork: ForkName) => ([0, 1, 2, 3] as const).map((type) => txTypeSupported(type, rules(fork)));
    expect(supported('Istanbul')).toEqual([true, false, false, false]);
    expect(supported('Berlin')).toEqual([true, true, false, false]);
    expect(supported('Shanghai')).toEqual([true, true, true, false]);
    expect(supported('Cancun')).toEqual([true, true, true, true]);
  });

  it('does not recover the key', () => {
    const tx = signTransaction(TRANSFER, EIP155_KEY);
    checkTxSignature(tx, rules('Cancun'));
    let calls = 0;
    tx.resolveSender(() => (calls++, new Uint8Array(20)));
    expect(calls).toBe(1);
  });
});
