// Logs, polling filters and subscriptions on a real chain: the fixture's COUNTER logs (LOG1) plus a contract
// deployed from raw bytecode that emits LOG2 with known topics; new blocks are built and imported while filters
// and WebSocket subscriptions watch.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { bytesToHex, hexToBytes, type Bytes } from '../../src/common/bytes.js';
import { GWEI, TEST_ADDRESSES, TEST_CHAIN_ID, TEST_KEYS, generateBlocks, transfer, type BlockSpec } from '../../src/core/chain/testChain.js';
import type { Block } from '../../src/core/types/block.js';
import { encodeTransaction, type Transaction } from '../../src/core/types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE } from '../../src/core/types/txData.js';
import { signTransaction } from '../../src/core/types/txSigner.js';
import type { SyncProgress } from '../../src/rpc/backend.js';
import { createAddress } from '../../src/core/vm/contractAddress.js';
import { asm } from '../../src/core/vm/testEvm.js';
import {
  buildFixture,
  codeEndingWith,
  COUNTER,
  COUNTER_TOPIC,
  GENESIS,
  rpc,
  rpcResult,
  startHttp,
  startWs,
  type RpcFixture,
  type RpcReply,
  type StartOptions,
} from './rpcFixture.js';

const [K0, K1] = TEST_KEYS as [Bytes, Bytes];
const TOPIC_X = hexToBytes('0x' + 'a1'.repeat(32));
const TOPIC_Y = hexToBytes('0x' + 'b2'.repeat(32));
const OTHER = hexToBytes('0x' + 'ee'.repeat(32));
/** Emits LOG2(TOPIC_X, TOPIC_Y) with empty data. */
const EMITTER_CODE = asm(`PUSH32 ${bytesToHex(TOPIC_Y)} PUSH32 ${bytesToHex(TOPIC_X)} PUSH1 0 PUSH1 0 LOG2 STOP`);
const hex = bytesToHex;

function tx(key: Bytes, nonce: bigint, to: Bytes | undefined, data: Bytes = new Uint8Array(0)): Transaction {
  return signTransaction(
    {
      type: DYNAMIC_FEE_TX_TYPE,
      chainId: TEST_CHAIN_ID,
      nonce,
      maxPriorityFeePerGas: GWEI,
      maxFeePerGas: 100n * GWEI,
      gasLimit: 200_000n,
      to,
      value: 0n,
      data,
      accessList: [],
    },
    key,
  );
}

function canonicalBlocks(f: RpcFixture): Block[] {
  const out: Block[] = [];
  for (let n = 1n; n <= f.chain.currentHeader.number; n++) out.push(f.chain.getBlockByNumber(n)!);
  return out;
}

/** Builds blocks on the fixture's head and imports them. */
async function extend(f: RpcFixture, specs: BlockSpec[]): Promise<Block[]> {
  const blocks = await generateBlocks({ genesis: GENESIS, prefix: canonicalBlocks(f) }, specs);
  await f.chain.insertChain(blocks);
  return blocks;
}

const callCounter: BlockSpec = { txs: (nonce) => [tx(K0, nonce(K0), COUNTER)] };
const empty: BlockSpec = {};

/** Deploys the emitter (block 4), then calls it and COUNTER (block 5); returns the emitter's address. */
async function addEmitterBlocks(f: RpcFixture): Promise<Bytes> {
  const nonce = f.chain.stateAt(f.chain.currentHeader.stateRoot).getNonce(TEST_ADDRESSES[1]!);
  const emitter = createAddress(TEST_ADDRESSES[1]!, nonce);
  await extend(f, [
    { txs: (n) => [tx(K1, n(K1), undefined, codeEndingWith('RETURN', EMITTER_CODE))] },
    { txs: (n) => [tx(K1, n(K1), emitter), tx(K0, n(K0), COUNTER)] },
  ]);
  return emitter;
}

type LogJson = { address: string; topics: string[]; blockNumber: string; logIndex: string; transactionIndex: string; removed: boolean };

describe('eth_getLogs', () => {
  let f: RpcFixture;
  let emitter: Bytes;
  let url: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    f = await buildFixture();
    emitter = await addEmitterBlocks(f);
    const started = await startHttp(f, { api: { logRangeLimit: 6 } });
    url = started.url;
    stop = () => started.server.stop();
  });

  afterAll(async () => {
    await stop();
  });

  const logs = async (filter: unknown) => (await rpcResult(url, 'eth_getLogs', [filter])) as LogJson[];
  const where = (ls: LogJson[]) => ls.map((l) => [Number(l.blockNumber), Number(l.transactionIndex), Number(l.logIndex)]);

  it('returns every log of a range, with its place in the block', async () => {
    const all = await logs({ fromBlock: '0x1', toBlock: 'latest' });
    expect(where(all)).toEqual([
      [2, 0, 0],
      [2, 2, 1],
      [5, 0, 0],
      [5, 1, 1],
    ]);
    const block5 = f.chain.getBlockByNumber(5n)!;
    expect(all[2]).toEqual({
      address: hex(emitter),
      topics: [hex(TOPIC_X), hex(TOPIC_Y)],
      data: '0x',
      blockNumber: '0x5',
      blockHash: hex(block5.hash),
      blockTimestamp: `0x${block5.header.timestamp.toString(16)}`,
      transactionHash: hex(block5.transactions[0]!.hash),
      transactionIndex: '0x0',
      logIndex: '0x0',
      removed: false,
    });
    // COUNTER logs the new count: 42 + 1 and + 2 in block 2, + 3 in block 5.
    expect((all[3] as unknown as { data: string }).data).toBe(`0x${(45n).toString(16).padStart(64, '0')}`);
  });

  it('matches topics exactly, by wildcard and by alternatives, and addresses by list', async () => {
    expect(where(await logs({ fromBlock: '0x0', topics: [hex(COUNTER_TOPIC)] }))).toEqual([
      [2, 0, 0],
      [2, 2, 1],
      [5, 1, 1],
    ]);
    expect(where(await logs({ fromBlock: '0x0', topics: [null, hex(TOPIC_Y)] }))).toEqual([[5, 0, 0]]);
    expect(where(await logs({ fromBlock: '0x0', topics: [[hex(OTHER), hex(TOPIC_X)], [hex(TOPIC_Y)]] }))).toEqual([[5, 0, 0]]);
    expect(await logs({ fromBlock: '0x0', topics: [hex(TOPIC_Y)] })).toEqual([]);
    expect(await logs({ fromBlock: '0x0', topics: [hex(COUNTER_TOPIC), null] })).toEqual([]);
    expect(where(await logs({ fromBlock: '0x0', address: [hex(OTHER.slice(0, 20)), hex(emitter)] }))).toEqual([[5, 0, 0]]);
    expect(where(await logs({ fromBlock: '0x0', address: hex(COUNTER), topics: [[hex(COUNTER_TOPIC)]] }))).toHaveLength(3);
    expect(await logs({ fromBlock: '0x0', address: hex(COUNTER), topics: [hex(TOPIC_X)] })).toEqual([]);
  });

  it('reads the receipts only of blocks whose bloom may match', async () => {
    const read = vi.spyOn(f.chain, 'getReceipts');
    try {
      expect(where(await logs({ fromBlock: '0x1', topics: [hex(TOPIC_X)] }))).toEqual([[5, 0, 0]]);
      expect(read.mock.calls.map(([hash]) => hex(hash))).toEqual([hex(f.chain.getBlockByNumber(5n)!.hash)]);
    } finally {
      read.mockRestore();
    }
  });

  it('reads ranges: defaults to the head, clamps at it, takes tags and one block by hash', async () => {
    expect(where(await logs({}))).toEqual([
      [5, 0, 0],
      [5, 1, 1],
    ]);
    expect(where(await logs({ fromBlock: '0x2', toBlock: '0x2' }))).toHaveLength(2);
    expect(await logs({ fromBlock: '0x3', toBlock: '0x4' })).toEqual([]);
    expect(where(await logs({ fromBlock: '0x5', toBlock: '0x9' }))).toHaveLength(2);
    expect(where(await logs({ fromBlock: 'earliest', toBlock: 'finalized' }))).toHaveLength(4);
    const block2 = f.chain.getBlockByNumber(2n)!;
    expect(where(await logs({ blockHash: hex(block2.hash) }))).toEqual([
      [2, 0, 0],
      [2, 2, 1],
    ]);
    expect(await logs({ blockHash: hex(block2.hash), topics: [hex(TOPIC_X)] })).toEqual([]);
    // A block that is not canonical is still answered by hash.
    expect(await logs({ blockHash: hex(f.sideBlock.hash) })).toEqual([]);
  });

  it('refuses bad ranges and bad criteria', async () => {
    const error = async (filter: unknown) => (await rpc(url, 'eth_getLogs', [filter])).error;
    expect(await error({ fromBlock: '0x3', toBlock: '0x2' })).toEqual({ code: -32602, message: 'invalid block range params' });
    expect(await error({ fromBlock: 'latest', toBlock: '0x1' })).toEqual({ code: -32602, message: 'invalid block range params' });
    expect(await error({ fromBlock: '0x0', toBlock: '0x6' })).toEqual({ code: -32602, message: 'exceed maximum block range: 6' });
    expect(await error({ blockHash: hex(OTHER) })).toEqual({ code: -32000, message: 'unknown block' });
    expect(await error({ blockHash: hex(OTHER), toBlock: '0x1' })).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/cannot specify both BlockHash and FromBlock\/ToBlock/),
    });
    expect(await error({ topics: [[hex(TOPIC_X), '0x12']] })).toMatchObject({ code: -32602 });
    expect((await rpc(url, 'eth_getLogs', [])).error).toMatchObject({ code: -32602, message: expect.stringMatching(/missing value/) });
  });
});

describe('polling filters', () => {
  let f: RpcFixture;
  let url: string;
  let stop: () => Promise<void>;
  let clock = 0;

  beforeEach(async () => {
    f = await buildFixture();
    clock = 1_000_000;
    const started = await startHttp(f, { api: { filters: { now: () => clock } } });
    url = started.url;
    stop = () => started.server.stop();
  });

  afterEach(async () => {
    await stop();
  });

  const call = (method: string, params: unknown[] = []) => rpcResult(url, method, params);

  it('block filters list the new blocks once each', async () => {
    const id = (await call('eth_newBlockFilter')) as string;
    expect(id).toMatch(/^0x[0-9a-f]{1,32}$/);
    expect(await call('eth_getFilterChanges', [id])).toEqual([]);
    const blocks = await extend(f, [empty, empty]);
    expect(await call('eth_getFilterChanges', [id])).toEqual(blocks.map((b) => hex(b.hash)));
    expect(await call('eth_getFilterChanges', [id])).toEqual([]);
  });

  it('log filters gather matching logs; eth_getFilterLogs reruns the query', async () => {
    const id = (await call('eth_newFilter', [{ fromBlock: '0x0', address: hex(COUNTER) }])) as string;
    const emitter = await addEmitterBlocks(f);
    const changes = (await call('eth_getFilterChanges', [id])) as LogJson[];
    expect(changes.map((l) => [l.address, l.blockNumber, l.logIndex])).toEqual([[hex(COUNTER), '0x5', '0x1']]);
    expect(await call('eth_getFilterChanges', [id])).toEqual([]);
    expect(((await call('eth_getFilterLogs', [id])) as LogJson[]).map((l) => l.blockNumber)).toEqual(['0x2', '0x2', '0x5']);
    const x = (await call('eth_newFilter', [{ topics: [hex(TOPIC_X)], address: [hex(emitter)] }])) as string;
    await extend(f, [{ txs: (n) => [tx(K1, n(K1), emitter)] }, callCounter]);
    expect(((await call('eth_getFilterChanges', [x])) as LogJson[]).map((l) => l.blockNumber)).toEqual(['0x6']);
  });

  it('log filters keep to their numeric range', async () => {
    const id = (await call('eth_newFilter', [{ fromBlock: '0x5', toBlock: '0x5' }])) as string;
    await extend(f, [callCounter, callCounter, callCounter]);
    expect(((await call('eth_getFilterChanges', [id])) as LogJson[]).map((l) => l.blockNumber)).toEqual(['0x5']);
    expect((await rpc(url, 'eth_newFilter', [{ fromBlock: '0x5', toBlock: '0x4' }])).error).toEqual({
      code: -32000,
      message: 'invalid block range params',
    });
  });

  it('pending transaction filters list what the pool admits, as hashes or whole', async () => {
    const hashes = (await call('eth_newPendingTransactionFilter')) as string;
    const full = (await call('eth_newPendingTransactionFilter', [true])) as string;
    const sent = transfer(K0, 2n, COUNTER, 1n);
    expect(await call('eth_sendRawTransaction', [hex(encodeTransaction(sent))])).toBe(hex(sent.hash));
    expect(await call('eth_getFilterChanges', [hashes])).toEqual([hex(sent.hash)]);
    expect(await call('eth_getFilterChanges', [full])).toEqual([expect.objectContaining({ hash: hex(sent.hash), blockHash: null })]);
  });

  it('uninstalls, expires unpolled filters, and says "filter not found" for unknown ids', async () => {
    const a = (await call('eth_newBlockFilter')) as string;
    const b = (await call('eth_newBlockFilter')) as string;
    expect(await call('eth_uninstallFilter', [a])).toBe(true);
    expect(await call('eth_uninstallFilter', [a])).toBe(false);
    expect((await rpc(url, 'eth_getFilterChanges', [a])).error).toEqual({ code: -32000, message: 'filter not found' });
    // Polling restarts the five-minute timeout.
    clock += 4 * 60_000;
    expect(await call('eth_getFilterChanges', [b])).toEqual([]);
    clock += 4 * 60_000;
    expect(await call('eth_getFilterChanges', [b])).toEqual([]);
    clock += 5 * 60_000;
    expect((await rpc(url, 'eth_getFilterChanges', [b])).error).toEqual({ code: -32000, message: 'filter not found' });
    // Nothing left: the filters no longer listen to the chain.
    expect(f.chain.events.listenerCount('chainHead')).toBe(0);
    const blockFilter = (await call('eth_newBlockFilter')) as string;
    expect((await rpc(url, 'eth_getFilterLogs', [blockFilter])).error).toEqual({ code: -32000, message: 'filter not found' });
    expect((await rpc(url, 'eth_getFilterChanges', ['not-an-id'])).error).toMatchObject({
      code: -32602,
      message: 'invalid argument 0 (id): expected a hex filter id',
    });
    expect((await rpc(url, 'eth_uninstallFilter', [])).error).toMatchObject({ code: -32602 });
  });
});

/** A WebSocket client that matches replies by id and queues notifications. */
class WsClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: RpcReply) => void>();
  readonly notifications: { subscription: string; result: unknown }[] = [];
  private notified: (() => void) | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as RpcReply & { method?: string; params?: { subscription: string; result: unknown } };
      if (msg.method === 'eth_subscription') {
        this.notifications.push(msg.params!);
        this.notified?.();
        return;
      }
      this.waiting.get(msg.id as number)?.(msg);
    });
  }

  static async connect(url: string): Promise<WsClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new WsClient(ws);
  }

  call(method: string, params: unknown[] = []): Promise<RpcReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  async result(method: string, params: unknown[] = []): Promise<unknown> {
    const reply = await this.call(method, params);
    if (reply.error !== undefined) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result;
  }

  /** Waits until at least `count` notifications arrived. */
  async waitFor(count: number): Promise<void> {
    while (this.notifications.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${this.notifications.length} of ${count} notifications`)), 3000);
        this.notified = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  of(id: unknown): unknown[] {
    return this.notifications.filter((n) => n.subscription === id).map((n) => n.result);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

describe('subscriptions', () => {
  let f: RpcFixture;
  let url: string;
  let stop: () => Promise<void>;

  async function start(options: StartOptions = {}): Promise<void> {
    f = await buildFixture();
    const started = await startWs(f, options);
    url = started.url;
    stop = () => started.server.stop();
  }

  afterEach(async () => {
    await stop();
  });

  it('newHeads and logs notify as blocks arrive; unsubscribing stops them', async () => {
    await start();
    const c = await WsClient.connect(url);
    const heads = await c.result('eth_subscribe', ['newHeads']);
    const counterLogs = await c.result('eth_subscribe', ['logs', { address: hex(COUNTER), topics: [hex(COUNTER_TOPIC)] }]);
    const allLogs = await c.result('eth_subscribe', ['logs']);
    expect(heads).toMatch(/^0x[0-9a-f]+$/);
    const emitter = await addEmitterBlocks(f);
    // Two heads, the COUNTER log, and both logs of block 5.
    await c.waitFor(5);
    const block5 = f.chain.getBlockByNumber(5n)!;
    expect(c.of(heads)).toEqual([
      (await c.result('eth_getHeaderByNumber', ['0x4'])) as object,
      (await c.result('eth_getHeaderByNumber', ['0x5'])) as object,
    ]);
    expect(c.of(counterLogs)).toEqual([
      expect.objectContaining({ address: hex(COUNTER), blockHash: hex(block5.hash), logIndex: '0x1', removed: false }),
    ]);
    expect((c.of(allLogs) as LogJson[]).map((l) => l.address)).toEqual([hex(emitter), hex(COUNTER)]);

    expect(await c.result('eth_unsubscribe', [counterLogs])).toBe(true);
    expect(await c.result('eth_unsubscribe', [allLogs])).toBe(true);
    const before = c.notifications.length;
    await extend(f, [callCounter]);
    await c.waitFor(before + 1);
    expect(c.notifications.slice(before).map((n) => n.subscription)).toEqual([heads]);
    expect((await c.call('eth_unsubscribe', [counterLogs])).error).toEqual({ code: -32000, message: 'subscription not found' });
    await c.close();
  });

  it('logs of blocks a reorg drops come again with removed: true', async () => {
    await start();
    const c = await WsClient.connect(url);
    const sub = await c.result('eth_subscribe', ['logs', { topics: [hex(COUNTER_TOPIC)] }]);
    const base = canonicalBlocks(f);
    const [withLog] = await extend(f, [callCounter]);
    await c.waitFor(1);
    // A sibling without the call replaces it (after the merge the newest import is the head).
    const [sibling] = await generateBlocks({ genesis: GENESIS, prefix: base }, [{ coinbase: COUNTER }]);
    await f.chain.insertChain([sibling!]);
    await c.waitFor(2);
    expect(c.of(sub)).toEqual([
      expect.objectContaining({ blockHash: hex(withLog!.hash), removed: false }),
      expect.objectContaining({ blockHash: hex(withLog!.hash), removed: true }),
    ]);
    await c.close();
  });

  it('newPendingTransactions sends hashes, or whole transactions when asked', async () => {
    await start();
    const c = await WsClient.connect(url);
    const hashes = await c.result('eth_subscribe', ['newPendingTransactions']);
    const full = await c.result('eth_subscribe', ['newPendingTransactions', true]);
    const syncing = await c.result('eth_subscribe', ['syncing']);
    const sent = transfer(K0, 2n, COUNTER, 1n);
    await c.result('eth_sendRawTransaction', [hex(encodeTransaction(sent))]);
    await c.waitFor(2);
    expect(c.of(hashes)).toEqual([hex(sent.hash)]);
    expect(c.of(full)).toEqual([expect.objectContaining({ hash: hex(sent.hash), from: hex(TEST_ADDRESSES[0]!), blockNumber: null })]);
    expect(c.of(syncing)).toEqual([]);
    await c.close();
  });

  it('syncing notifies each change of the sync progress, and false when it ends', async () => {
    f = await buildFixture();
    const listeners = new Set<(p: SyncProgress | undefined) => void>();
    const backend = {
      ...f.backend,
      onSyncProgress: (l: (p: SyncProgress | undefined) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const started = await startWs({ ...f, backend });
    url = started.url;
    stop = () => started.server.stop();
    const c = await WsClient.connect(url);
    const syncing = await c.result('eth_subscribe', ['syncing']);
    for (const l of listeners) l({ startingBlock: 3n, currentBlock: 3n, highestBlock: 300n });
    for (const l of listeners) l({ startingBlock: 3n, currentBlock: 195n, highestBlock: 300n });
    for (const l of listeners) l(undefined);
    await c.waitFor(3);
    expect(c.of(syncing)).toEqual([
      { syncing: true, status: { startingBlock: '0x3', currentBlock: '0x3', highestBlock: '0x12c' } },
      { syncing: true, status: { startingBlock: '0x3', currentBlock: '0xc3', highestBlock: '0x12c' } },
      false,
    ]);
    expect(await c.result('eth_unsubscribe', [syncing])).toBe(true);
    expect(listeners.size).toBe(0);
    await c.close();
  });

  it('refuses bad subscriptions and another connection\'s ids; closing the socket ends its subscriptions', async () => {
    await start();
    const c = await WsClient.connect(url);
    expect((await c.call('eth_subscribe', ['newBlocks'])).error).toEqual({
      code: -32601,
      message: 'no "newBlocks" subscription in eth namespace',
    });
    expect((await c.call('eth_subscribe', [])).error).toMatchObject({ code: -32602 });
    expect((await c.call('eth_subscribe', ['newHeads', {}])).error).toMatchObject({ code: -32602, message: 'too many arguments, want at most 1' });
    expect((await c.call('eth_subscribe', ['logs', { topics: 'x' }])).error).toMatchObject({
      code: -32602,
      message: 'invalid argument 1 (filter): topics: expected an array of topics',
    });
    expect((await c.call('eth_subscribe', ['newPendingTransactions', 'yes'])).error).toMatchObject({ code: -32602 });
    expect((await c.call('eth_unsubscribe', [])).error).toMatchObject({ code: -32602 });

    const heads = await c.result('eth_subscribe', ['newHeads']);
    const other = await WsClient.connect(url);
    expect((await other.call('eth_unsubscribe', [heads])).error).toEqual({ code: -32000, message: 'subscription not found' });
    expect(f.chain.events.listenerCount('chainHead')).toBe(1);
    await c.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(f.chain.events.listenerCount('chainHead')).toBe(0);
    await other.close();
  });

  it('is not available over HTTP', async () => {
    await start();
    const http = await startHttp(f);
    try {
      expect((await rpc(http.url, 'eth_subscribe', ['newHeads'])).error).toEqual({ code: -32601, message: 'notifications not supported' });
      expect((await rpc(http.url, 'eth_unsubscribe', ['0x1'])).error).toEqual({ code: -32601, message: 'notifications not supported' });
    } finally {
      await http.server.stop();
    }
  });
});
