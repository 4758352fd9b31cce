// The filter system's bookkeeping over a stand-in chain and pool (event sources only): ids, expiry, listening only
// while needed, and a failing consumer not blocking the others. Blocks and logs are tested on a real chain in
// test/rpc/filters.test.ts.
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../common/bytes.js';
import { ChainEvents } from '../core/chain/chainEvents.js';
import { SILENT_LOG, TEST_ADDRESSES, TEST_KEYS, transfer } from '../core/chain/testChain.js';
import type { Transaction } from '../core/types/transaction.js';
import type { RpcBackend } from './backend.js';
import { FILTER_NOT_FOUND, FilterSystem, newFilterId } from './filterSystem.js';

function standIn(): { backend: RpcBackend; chainEvents: ChainEvents; announce: (txs: Transaction[]) => void; poolListeners: () => number } {
  const chainEvents = new ChainEvents(SILENT_LOG);
  const listeners = new Set<(txs: Transaction[]) => void>();
  const backend = {
    chain: { events: chainEvents },
    txPool: {
      onNewTransactions: (l: (txs: Transaction[]) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
  } as unknown as RpcBackend;
  return {
    backend,
    chainEvents,
    announce: (txs) => {
      for (const l of [...listeners]) l(txs);
    },
    poolListeners: () => listeners.size,
  };
}

const TX = transfer(TEST_KEYS[0]!, 0n, TEST_ADDRESSES[1]!, 1n);
const TX2 = transfer(TEST_KEYS[0]!, 1n, TEST_ADDRESSES[1]!, 1n);

describe('newFilterId', () => {
  it('is 0x hex of at most 16 bytes without leading zeros, and random', () => {
    const ids = new Set(Array.from({ length: 50 }, newFilterId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^0x[1-9a-f][0-9a-f]{0,31}$/);
  });
});

describe('FilterSystem', () => {
  it('gathers pending transactions until polled, and listens only while it has filters', () => {
    const { backend, chainEvents, announce, poolListeners } = standIn();
    const filters = new FilterSystem(backend, { log: SILENT_LOG });
    expect(filters.listening).toBe(false);
    const id = filters.newPendingTransactionFilter((tx) => bytesToHex(tx.hash));
    expect(filters.listening).toBe(true);
    expect(chainEvents.listenerCount('chainHead')).toBe(1);
    announce([TX, TX2]);
    expect(filters.changes(id)).toEqual([bytesToHex(TX.hash), bytesToHex(TX2.hash)]);
    expect(filters.changes(id)).toEqual([]);
    expect(filters.uninstall(id)).toBe(true);
    expect(filters.listening).toBe(false);
    expect(chainEvents.listenerCount('chainHead')).toBe(0);
    expect(chainEvents.listenerCount('reorg')).toBe(0);
    expect(poolListeners()).toBe(0);
  });

  it('drops filters not polled within the timeout; polling restarts it', () => {
    let now = 0;
    const { backend } = standIn();
    const filters = new FilterSystem(backend, { timeoutMs: 1000, now: () => now, log: SILENT_LOG });
    const polled = filters.newBlockFilter();
    const idle = filters.newBlockFilter();
    now = 900;
    filters.changes(polled);
    now = 1000;
    expect(() => filters.changes(idle)).toThrow(FILTER_NOT_FOUND);
    expect(filters.changes(polled)).toEqual([]);
    expect(filters.filterCount).toBe(1);
    now = 5000;
    filters.expire();
    expect(filters.filterCount).toBe(0);
    expect(filters.listening).toBe(false);
  });

  it('refuses unknown ids and non-log filters for their criteria', () => {
    const { backend } = standIn();
    const filters = new FilterSystem(backend, { log: SILENT_LOG });
    expect(() => filters.changes('0x1234')).toThrow(FILTER_NOT_FOUND);
    expect(filters.uninstall('0x1234')).toBe(false);
    expect(() => filters.logCriteria(filters.newBlockFilter())).toThrow(FILTER_NOT_FOUND);
    const criteria = { addresses: [hexToBytes('0x' + '11'.repeat(20))], topics: [] };
    expect(filters.logCriteria(filters.newLogFilter(criteria))).toBe(criteria);
    expect(() => filters.newLogFilter({ ...criteria, fromBlock: 3n, toBlock: 2n })).toThrow('invalid block range params');
    filters.uninstall(filters.newBlockFilter());
  });

  it('keeps delivering to the other consumers when one fails', () => {
    const { backend, announce } = standIn();
    const filters = new FilterSystem(backend, { log: SILENT_LOG });
    const got: string[] = [];
    const failing = filters.subscribePendingTransactions(() => {
      throw new Error('socket gone');
    });
    const working = filters.subscribePendingTransactions((tx) => got.push(bytesToHex(tx.hash)));
    announce([TX]);
    expect(got).toEqual([bytesToHex(TX.hash)]);
    expect(filters.subscriptionCount).toBe(2);
    expect(filters.unsubscribe(failing)).toBe(true);
    expect(filters.unsubscribe(failing)).toBe(false);
    expect(filters.unsubscribe(working)).toBe(true);
    expect(filters.listening).toBe(false);
  });
});
