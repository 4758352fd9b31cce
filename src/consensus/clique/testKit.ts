// Test support for clique: named signers with real secp256k1 keys, an in-memory ChainHeaderReader, and signed
// clique headers built on a parent.
import { bytesToHex, utf8ToBytes, type Bytes } from '../../common/bytes.js';
import { Header, type HeaderFields } from '../../core/types/header.js';
import { EMPTY_TRIE_ROOT, EMPTY_UNCLE_HASH, keccak256 } from '../../crypto/keccak.js';
import { privateKeyToAddress, sign, signatureToBytes } from '../../crypto/secp256k1.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import type { ChainHeaderReader } from '../engine.js';
import { cliqueExtraData, EXTRA_SEAL, EXTRA_VANITY } from './extraData.js';
import { cliqueSealHash, withSeal } from './seal.js';

/** A key per name, derived from the name, so tests read "A signs, B votes for C". */
export class TestAccounts {
  readonly #keys = new Map<string, Bytes>();

  key(name: string): Bytes {
    let key = this.#keys.get(name);
    if (key === undefined) {
      key = keccak256(utf8ToBytes(`clique test account ${name}`));
      this.#keys.set(name, key);
    }
    return key;
  }

  address(name: string): Bytes {
    return privateKeyToAddress(this.key(name));
  }

  /** The name whose address this is, for readable failures. */
  nameOf(address: Bytes): string {
    for (const name of this.#keys.keys()) if (bytesToHex(this.address(name)) === bytesToHex(address)) return name;
    return bytesToHex(address);
  }

  /** `header` sealed by `name`. */
  seal(header: Header, name: string): Header {
    return withSeal(header, signatureToBytes(sign(cliqueSealHash(header), this.key(name))));
  }
}

/** Headers by hash, and a canonical chain of the ones added as canonical. */
export class MemoryHeaderChain implements ChainHeaderReader {
  readonly #byHash = new Map<string, Header>();
  readonly #canonical = new Map<bigint, Header>();

  constructor(readonly config: ChainConfig) {}

  add(header: Header, canonical = true): void {
    this.#byHash.set(bytesToHex(header.hash), header);
    if (canonical) this.#canonical.set(header.number, header);
  }

  getHeader(hash: Bytes, number: bigint): Header | undefined {
    const h = this.#byHash.get(bytesToHex(hash));
    return h !== undefined && h.number === number ? h : undefined;
  }

  getHeaderByNumber(number: bigint): Header | undefined {
    return this.#canonical.get(number);
  }
}

/** A London-or-earlier clique genesis header listing `signers`. */
export function cliqueGenesisHeader(signers: readonly Bytes[], fields: Partial<HeaderFields> = {}): Header {
  return new Header({
    parentHash: new Uint8Array(32),
    ommersHash: EMPTY_UNCLE_HASH,
    coinbase: new Uint8Array(20),
    stateRoot: EMPTY_TRIE_ROOT,
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: new Uint8Array(256),
    difficulty: 1n,
    number: 0n,
    gasLimit: 10_000_000n,
    gasUsed: 0n,
    timestamp: 1000n,
    extraData: cliqueExtraData(signers),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    ...fields,
  });
}

/**
 * An unsealed child of `parent` (pre-London fields: keep the parent's gas limit and no base fee unless given):
 * `period` seconds later, no vote, an extra-data frame without signers, and `fields` on top.
 */
export function cliqueChild(parent: Header, period: bigint, fields: Partial<HeaderFields> = {}): Header {
  return new Header({
    ...parent,
    parentHash: parent.hash,
    coinbase: new Uint8Array(20),
    number: parent.number + 1n,
    timestamp: parent.timestamp + period,
    difficulty: 2n,
    nonce: new Uint8Array(8),
    extraData: new Uint8Array(EXTRA_VANITY + EXTRA_SEAL),
    ...fields,
  });
}
