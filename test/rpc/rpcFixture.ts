// Test support for the RPC tests: a real Blockchain on a MemoryStore holding blocks with all four transaction
// types, a withdrawal, a contract creation and logs; small contracts for calls (a counter, reverts of every kind, an
// endless loop); a minimal pool; and helpers to start the servers on 127.0.0.1:0 and talk to them with fetch.
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes, type Bytes } from '../../src/common/bytes.js';
import { BeaconEngine } from '../../src/consensus/beacon/beacon.js';
import { Blockchain } from '../../src/core/chain/blockchain.js';
import {
  generateBlocks,
  GWEI,
  SILENT_LOG,
  TEST_ADDRESSES,
  TEST_CHAIN_ID,
  TEST_CONFIG,
  TEST_KEYS,
  testGenesis,
} from '../../src/core/chain/testChain.js';
import type { GenesisAccount } from '../../src/core/genesis/genesis.js';
import type { Block } from '../../src/core/types/block.js';
import type { Transaction } from '../../src/core/types/transaction.js';
import { ACCESS_LIST_TX_TYPE, BLOB_TX_TYPE, DYNAMIC_FEE_TX_TYPE, LEGACY_TX_TYPE } from '../../src/core/types/txData.js';
import { signTransaction, txSender } from '../../src/core/types/txSigner.js';
import { createAddress } from '../../src/core/vm/contractAddress.js';
import { asm } from '../../src/core/vm/testEvm.js';
import { keccak256 } from '../../src/crypto/keccak.js';
import { MemoryStore } from '../../src/db/memoryStore.js';
import type { RpcApiConfig } from '../../src/rpc/apiConfig.js';
import { createRegistry } from '../../src/rpc/apis.js';
import type { RpcBackend, TxPoolBackend } from '../../src/rpc/backend.js';
import { HttpRpcServer, type HttpServerOptions } from '../../src/rpc/httpServer.js';
import { WsRpcServer, type WsServerOptions } from '../../src/rpc/wsServer.js';

const address = (tail: string): Bytes => hexToBytes('0x' + tail.padStart(40, '0'));

/** Reads slot 0, adds one, stores it, logs it (topic COUNTER_TOPIC) and returns it. */
export const COUNTER = address('c0de01');
export const REVERT_REASON = address('c0de02');
export const REVERT_CUSTOM = address('c0de03');
export const REVERT_EMPTY = address('c0de04');
export const LOOP = address('c0de05');
export const INVALID = address('c0de06');
/** Reads RECIPIENT's balance, then runs COUNTER's code on its own storage (DELEGATECALL). */
export const PROBE = address('c0de07');
export const RECIPIENT = address('beef');
export const WITHDRAWAL_ADDRESS = address('babe');
export const COUNTER_TOPIC = keccak256(utf8ToBytes('Counted(uint256)'));
export const CUSTOM_REVERT_DATA = hexToBytes('0xdeadbeef');
/** Slot 5 of COUNTER holds 7 from genesis. */
export const COUNTER_SLOT5 = 7n;

export const COUNTER_CODE = asm(
  `PUSH1 0 SLOAD PUSH1 1 ADD DUP1 PUSH1 0 SSTORE DUP1 PUSH1 0 MSTORE ` +
    `PUSH32 ${bytesToHex(COUNTER_TOPIC)} PUSH1 32 PUSH1 0 LOG1 PUSH1 32 PUSH1 0 RETURN`,
);

/** Code that ends with RETURN or REVERT of `data`, copied from behind itself. */
export function codeEndingWith(op: 'RETURN' | 'REVERT', data: Bytes): Bytes {
  const prefix = asm(`PUSH2 ${data.length} PUSH2 15 PUSH1 0 CODECOPY PUSH2 ${data.length} PUSH1 0 ${op}`);
  if (prefix.length !== 15) throw new Error('codeEndingWith: prefix size changed');
  return concatBytes(prefix, data);
}

/** ABI encoding of Error(string). */
export function errorStringData(reason: string): Bytes {
  const text = utf8ToBytes(reason);
  const word = (n: number): Bytes => hexToBytes('0x' + n.toString(16).padStart(64, '0'));
  const padded = new Uint8Array(Math.ceil(text.length / 32) * 32);
  padded.set(text);
  return concatBytes(hexToBytes('0x08c379a0'), word(32), word(text.length), padded);
}

/** A contract account; `storage` maps 32-byte slot keys (0x hex) to values. */
function contract(code: Bytes, storage: Record<string, bigint> = {}): GenesisAccount {
  const slots = new Map<string, Bytes>();
  for (const [slot, value] of Object.entries(storage)) slots.set(slot, hexToBytes('0x' + value.toString(16).padStart(64, '0')));
  return { balance: 0n, nonce: 1n, code, storage: slots };
}

function slotKey(n: number): string {
  return '0x' + n.toString(16).padStart(64, '0');
}

export const GENESIS = testGenesis(TEST_CONFIG, {
  [bytesToHex(COUNTER)]: contract(COUNTER_CODE, { [slotKey(0)]: 42n, [slotKey(5)]: COUNTER_SLOT5 }),
  [bytesToHex(REVERT_REASON)]: contract(codeEndingWith('REVERT', errorStringData('not allowed'))),
  [bytesToHex(REVERT_CUSTOM)]: contract(codeEndingWith('REVERT', CUSTOM_REVERT_DATA)),
  [bytesToHex(REVERT_EMPTY)]: contract(asm('PUSH1 0 PUSH1 0 REVERT')),
  [bytesToHex(LOOP)]: contract(asm('JUMPDEST PUSH1 0 JUMP')),
  [bytesToHex(INVALID)]: contract(asm('INVALID')),
  [bytesToHex(PROBE)]: contract(
    asm(
      `PUSH20 ${bytesToHex(RECIPIENT)} BALANCE POP ` +
        `PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH20 ${bytesToHex(COUNTER)} GAS DELEGATECALL STOP`,
    ),
  ),
});

/** A blob versioned hash (version byte 0x01). */
export const BLOB_HASH = hexToBytes('0x01' + '11'.repeat(31));

export interface FixtureTransactions {
  legacy: Transaction;
  accessListCreate: Transaction;
  dynamic: Transaction;
  blob: Transaction;
  dynamic2: Transaction;
}

/** A pool just good enough for the API: keeps what it is given, refuses duplicates and spent nonces. */
export class TestPool implements TxPoolBackend {
  readonly txs = new Map<string, Transaction>();
  private readonly listeners = new Set<(txs: Transaction[]) => void>();

  constructor(private readonly chain: Blockchain) {}

  addLocal(tx: Transaction): void {
    const key = bytesToHex(tx.hash);
    if (this.txs.has(key)) throw new Error('already known');
    const next = this.chain.stateAt(this.chain.currentHeader.stateRoot).getNonce(txSender(tx));
    if (tx.nonce < next) throw new Error(`nonce too low: next nonce ${next}, tx nonce ${tx.nonce}`);
    this.txs.set(key, tx);
    for (const listener of [...this.listeners]) listener([tx]);
  }

  onNewTransactions(listener: (txs: Transaction[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(hash: Bytes): Transaction | undefined {
    return this.txs.get(bytesToHex(hash));
  }

  pendingNonce(addr: Bytes): bigint {
    let nonce = this.chain.stateAt(this.chain.currentHeader.stateRoot).getNonce(addr);
    const mine = [...this.txs.values()].filter((tx) => bytesToHex(txSender(tx)) === bytesToHex(addr));
    while (mine.some((tx) => tx.nonce === nonce)) nonce++;
    return nonce;
  }
}

export interface RpcFixture {
  chain: Blockchain;
  pool: TestPool;
  backend: RpcBackend;
  /** Blocks 1..3 of the canonical chain. */
  blocks: Block[];
  /** A block 2 that lost to the canonical one: stored, with its state, but not canonical. */
  sideBlock: Block;
  txs: FixtureTransactions;
}

/**
 * Genesis, then block 1 (legacy transfer, access-list creation, a withdrawal), block 2 (dynamic fee, blob, dynamic
 * fee, the first and last calling COUNTER) and an empty block 3; plus a side block 2.
 */
export async function buildFixture(): Promise<RpcFixture> {
  const [k0, k1, k2] = TEST_KEYS as [Bytes, Bytes, Bytes];
  const txs: Partial<FixtureTransactions> = {};
  const blocks = await generateBlocks({ genesis: GENESIS }, [
    {
      withdrawals: [{ index: 0n, validatorIndex: 5n, address: WITHDRAWAL_ADDRESS, amount: 1_000_000n }],
      txs: (nonce) => [
        (txs.legacy = signTransaction(
          {
            type: LEGACY_TX_TYPE,
            chainId: TEST_CHAIN_ID,
            nonce: nonce(k0),
            gasPrice: 10n * GWEI,
            gasLimit: 21_000n,
            to: RECIPIENT,
            value: 1000n,
            data: new Uint8Array(0),
          },
          k0,
        )),
        (txs.accessListCreate = signTransaction(
          {
            type: ACCESS_LIST_TX_TYPE,
            chainId: TEST_CHAIN_ID,
            nonce: nonce(k1),
            gasPrice: 10n * GWEI,
            gasLimit: 200_000n,
            to: undefined,
            value: 0n,
            data: codeEndingWith('RETURN', COUNTER_CODE),
            accessList: [{ address: COUNTER, storageKeys: [hexToBytes(slotKey(0))] }],
          },
          k1,
        )),
      ],
    },
    {
      txs: (nonce) => [
        (txs.dynamic = signTransaction(
          {
            type: DYNAMIC_FEE_TX_TYPE,
            chainId: TEST_CHAIN_ID,
            nonce: nonce(k0),
            maxPriorityFeePerGas: 2n * GWEI,
            maxFeePerGas: 100n * GWEI,
            gasLimit: 100_000n,
            to: COUNTER,
            value: 0n,
            data: new Uint8Array(0),
            accessList: [],
          },
          k0,
        )),
        (txs.blob = signTransaction(
          {
            type: BLOB_TX_TYPE,
            chainId: TEST_CHAIN_ID,
            nonce: nonce(k2),
            maxPriorityFeePerGas: 3n * GWEI,
            maxFeePerGas: 100n * GWEI,
            gasLimit: 21_000n,
            to: RECIPIENT,
            value: 5n,
            data: new Uint8Array(0),
            accessList: [],
            maxFeePerBlobGas: 10n,
            blobVersionedHashes: [BLOB_HASH],
          },
          k2,
        )),
        (txs.dynamic2 = signTransaction(
          {
            type: DYNAMIC_FEE_TX_TYPE,
            chainId: TEST_CHAIN_ID,
            nonce: nonce(k1),
            maxPriorityFeePerGas: GWEI,
            maxFeePerGas: 100n * GWEI,
            gasLimit: 100_000n,
            to: COUNTER,
            value: 0n,
            data: new Uint8Array(0),
            accessList: [],
          },
          k1,
        )),
      ],
    },
    {},
  ]);
  const [sideBlock] = await generateBlocks({ genesis: GENESIS, prefix: [blocks[0]!] }, [{ coinbase: RECIPIENT }]);
  const chain = await Blockchain.open(new MemoryStore(), { engine: new BeaconEngine(), genesis: GENESIS, log: SILENT_LOG });
  await chain.insertChain(blocks);
  // After the merge every imported block becomes the head: importing the canonical chain again takes it back.
  await chain.insertChain([sideBlock!]);
  await chain.insertChain(blocks);
  const pool = new TestPool(chain);
  const backend: RpcBackend = {
    chain,
    txPool: pool,
    networkId: TEST_CHAIN_ID,
    clientVersion: 'tsgeth/v0.0.0-test',
    syncProgress: () => undefined,
    peerCount: () => 0,
    safeHeader: () => chain.currentHeader,
    finalizedHeader: () => chain.currentHeader,
  };
  return { chain, pool, backend, blocks, sideBlock: sideBlock!, txs: txs as FixtureTransactions };
}

/** The address of the contract the access-list transaction created. */
export function createdContract(fixture: RpcFixture): Bytes {
  return createAddress(TEST_ADDRESSES[1]!, fixture.txs.accessListCreate.nonce);
}

export interface StartOptions {
  api?: Partial<RpcApiConfig>;
  http?: Partial<HttpServerOptions>;
  ws?: Partial<WsServerOptions>;
}

/** Starts an HTTP server on a free loopback port; stop it with server.stop(). */
export async function startHttp(fixture: RpcFixture, options: StartOptions = {}): Promise<{ server: HttpRpcServer; url: string }> {
  const registry = createRegistry(fixture.backend, { log: SILENT_LOG, ...options.api });
  const server = new HttpRpcServer(registry, { port: 0, log: SILENT_LOG, ...options.http });
  await server.start();
  return { server, url: server.endpoint()! };
}

export async function startWs(fixture: RpcFixture, options: StartOptions = {}): Promise<{ server: WsRpcServer; url: string }> {
  const registry = createRegistry(fixture.backend, { log: SILENT_LOG, ...options.api });
  const server = new WsRpcServer(registry, { port: 0, log: SILENT_LOG, ...options.ws });
  await server.start();
  return { server, url: server.endpoint()! };
}

export interface RpcReply {
  jsonrpc: string;
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

let nextId = 1;

/** One call over HTTP; the whole reply (result or error). */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<RpcReply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
  });
  return (await res.json()) as RpcReply;
}

/** One call over HTTP that must succeed; its result. */
export async function rpcResult(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const reply = await rpc(url, method, params);
  if (reply.error !== undefined) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
  return reply.result;
}
