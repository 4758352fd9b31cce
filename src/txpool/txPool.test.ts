import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, type Bytes } from '../common/bytes.js';
import { Logger, type LogFields, type LogLevel } from '../common/log.js';
import { GWEI, SILENT_LOG } from '../core/chain/testChain.js';
import { Transaction } from '../core/types/transaction.js';
import { TxJournal } from './journal.js';
import { DEFAULT_BALANCE, dynTx, legacyTx, openPool, testAccounts, type TestAccount } from './testPool.js';
import { TxPool, type AddResult } from './txPool.js';

const accounts = testAccounts(4);
const [a, b, c, d] = accounts as [TestAccount, TestAccount, TestAccount, TestAccount];
const SIDE_COINBASE = bigintToFixedBytes(0x51den, 20);
const ETH = 10n ** 18n;

/** 'ok' or the error message, per result. */
function outcomes(results: AddResult[]): string[] {
  return results.map((r) => (r.ok ? 'ok' : r.error.message));
}

const nonces = (txs: readonly Transaction[] | undefined): bigint[] => (txs ?? []).map((t) => t.nonce);

class CapturingLogger extends Logger {
  readonly lines: string[] = [];
  override log(_level: LogLevel, msg: string, fields?: LogFields): void {
    this.lines.push(`${msg} ${String(fields?.count)}`);
  }
}

/** Counts how often the sender is really recovered (not served from the object's cache). */
class CountingTx extends Transaction {
  recoveries = 0;
  override resolveSender(recover: () => Bytes): Bytes {
    return super.resolveSender(() => {
      this.recoveries++;
      return recover();
    });
  }
}

describe('TxPool admission', () => {
  it('answers each transaction with its hash or the reason it was refused, in order', async () => {
    const { pool, mine } = await openPool({ accounts });
    await mine([dynTx(d, 0n)]);
    const good = dynTx(a, 0n);
    const gasCost = 21_000n * 100n * GWEI;
    const results = pool.add([
      good,
      good,
      dynTx(a, 1n, { gas: 20_000n }),
      dynTx(b, 0n, { chainId: 1n }),
      dynTx(c, 0n, { value: DEFAULT_BALANCE }),
      dynTx(d, 0n, { tip: 2n * GWEI }),
    ]);
    expect(results[0]).toEqual({ ok: true, hash: good.hash });
    expect(outcomes(results).slice(1)).toEqual([
      'already known',
      'intrinsic gas too low: have 20000, want 21000',
      'invalid sender: invalid chain id for signer: have 1 want 1337',
      `insufficient funds for gas * price + value: balance ${DEFAULT_BALANCE}, tx cost ${DEFAULT_BALANCE + gasCost}, ` +
        `overshot ${gasCost}`,
      'nonce too low: next nonce 1, tx nonce 0',
    ]);
    expect(results.map((r) => (r.ok ? r.hash : r.error.code)).slice(1)).toEqual([
      'alreadyKnown',
      'intrinsicGas',
      'invalidChainId',
      'insufficientFunds',
      'nonceTooLow',
    ]);
    expect(outcomes(pool.add([good]))).toEqual(['already known']);
    expect(pool.status()).toEqual({ pending: 1, queued: 0 });
  });

  it('refuses remote transactions tipping below the price limit, takes them from local senders', async () => {
    const { pool } = await openPool({ accounts, config: { priceLimit: 2n * GWEI } });
    expect(outcomes(pool.add([dynTx(a, 0n, { tip: GWEI })]))).toEqual([
      `transaction underpriced: gas tip cap ${GWEI}, minimum needed ${2n * GWEI}`,
    ]);
    expect(outcomes(pool.add([dynTx(a, 0n, { tip: 0n })], { local: true }))).toEqual(['ok']);
    // The sender is local from now on, whichever way its transactions arrive.
    expect(outcomes(pool.add([dynTx(a, 1n, { tip: 0n })]))).toEqual(['ok']);
    expect(outcomes(pool.add([dynTx(b, 0n, { tip: 2n * GWEI })]))).toEqual(['ok']);
  });

  it('treats local submissions as remote with noLocals', async () => {
    const { pool } = await openPool({ accounts, config: { noLocals: true } });
    expect(outcomes(pool.add([legacyTx(a, 0n, 0n)], { local: true }))).toEqual([
      'transaction underpriced: gas tip cap 0, minimum needed 1',
    ]);
  });

  it('takes a fee cap below the base fee (it may fall), but keeps it out of blocks until it can pay', async () => {
    const { pool, chain } = await openPool({ accounts });
    const baseFee = chain.currentHeader.baseFeePerGas!;
    const cheap = dynTx(a, 0n, { tip: 1n, feeCap: baseFee - 1n });
    const after = dynTx(a, 1n);
    expect(outcomes(pool.add([cheap, after, dynTx(b, 0n)]))).toEqual(['ok', 'ok', 'ok']);
    expect(pool.txStatus(cheap.hash)).toBe('pending');
    const forBlock = pool.pending({ baseFee });
    expect(forBlock.has(a.id)).toBe(false);
    expect(nonces(forBlock.get(b.id))).toEqual([0n]);
    expect(nonces(pool.pending({ baseFee: baseFee - 1n }).get(a.id))).toEqual([0n, 1n]);
    expect(nonces(pool.pending().get(a.id))).toEqual([0n, 1n]);
    // A minimum tip cuts the same way: the second transaction cannot come before the first.
    expect(pool.pending({ baseFee: baseFee - 1n, minTip: 2n }).has(a.id)).toBe(false);
  });

  it('keeps one object per hash and recovers each sender once, whatever happens to the transaction', async () => {
    const { pool, mine } = await openPool({ accounts });
    const signed = dynTx(a, 1n);
    const tx = new CountingTx(signed.inner, signed.signature);
    const copy = new CountingTx(signed.inner, signed.signature);
    pool.add([tx]);
    pool.add([copy]);
    expect(pool.get(tx.hash)).toBe(tx);
    pool.add([dynTx(a, 0n)]);
    await mine([dynTx(b, 0n)]);
    expect(pool.txStatus(tx.hash)).toBe('pending');
    pool.pendingByPriceAndNonce().peek();
    expect(tx.recoveries).toBe(1);
    expect(copy.recoveries).toBe(0);
  });
});

describe('TxPool pending and queued', () => {
  it('queues a future nonce and promotes the run once the gap fills', async () => {
    const { pool, announced } = await openPool({ accounts });
    const [t0, t1, t2, t3] = [0n, 1n, 2n, 3n].map((n) => dynTx(a, n));
    pool.add([t0!, t2!, t3!]);
    expect(pool.status()).toEqual({ pending: 1, queued: 2 });
    expect(pool.txStatus(t2!.hash)).toBe('queued');
    expect(pool.nonce(a.address)).toBe(1n);
    expect(pool.nonce(b.address)).toBe(0n);
    expect(announced).toEqual([[t0]]);

    pool.add([t1!]);
    expect(pool.status()).toEqual({ pending: 4, queued: 0 });
    expect(pool.nonce(a.address)).toBe(4n);
    expect(announced[1]).toEqual([t1, t2, t3]);
    expect(pool.contentFrom(a.address)).toEqual({ pending: [t0, t1, t2, t3], queued: [] });
  });

  it('reports content, single transactions and unknown hashes', async () => {
    const { pool } = await openPool({ accounts });
    const p = dynTx(a, 0n);
    const q = dynTx(b, 5n);
    pool.add([p, q]);
    const content = pool.content();
    expect([...content.pending]).toEqual([[a.id, [p]]]);
    expect([...content.queued]).toEqual([[b.id, [q]]]);
    expect(pool.contentFrom(b.address)).toEqual({ pending: [], queued: [q] });
    expect(pool.contentFrom(c.address)).toEqual({ pending: [], queued: [] });
    expect(pool.get(q.hash)).toBe(q);
    expect(pool.has(p.hash)).toBe(true);
    const unknown = dynTx(c, 0n).hash;
    expect(pool.has(unknown)).toBe(false);
    expect(pool.get(unknown)).toBeUndefined();
    expect(pool.txStatus(unknown)).toBe('unknown');
  });

  it('announces only executable transactions, and survives a listener that throws', async () => {
    const { pool, announced } = await openPool({ accounts });
    pool.events.on('newTxs', () => {
      throw new Error('listener bug');
    });
    pool.add([dynTx(a, 3n)]);
    expect(announced).toEqual([]);
    const t0 = dynTx(b, 0n);
    expect(outcomes(pool.add([t0]))).toEqual(['ok']);
    expect(announced).toEqual([[t0]]);
  });
});

describe('TxPool remove', () => {
  it('removes a pending transaction and moves the account’s later ones to the queue', async () => {
    const { pool, announced } = await openPool({ accounts });
    const [t0, t1, t2, t3] = [0n, 1n, 2n, 3n].map((n) => dynTx(a, n));
    const other = dynTx(b, 0n);
    pool.add([t0!, t1!, t2!, t3!, other]);
    expect(pool.status()).toEqual({ pending: 5, queued: 0 });
    announced.length = 0;

    expect(pool.remove(t1!.hash)).toBe(true);
    expect(pool.has(t1!.hash)).toBe(false);
    expect(pool.txStatus(t1!.hash)).toBe('unknown');
    expect(pool.contentFrom(a.address)).toEqual({ pending: [t0], queued: [t2, t3] });
    expect(pool.txStatus(t2!.hash)).toBe('queued');
    // The account's next nonce is the removed one again; the other account is untouched.
    expect(pool.nonce(a.address)).toBe(1n);
    expect(pool.contentFrom(b.address)).toEqual({ pending: [other], queued: [] });
    expect(nonces(pool.pending().get(a.id))).toEqual([0n]);
    expect(announced).toEqual([]);

    // Filling the gap again promotes the demoted ones.
    const t1b = dynTx(a, 1n, { tip: 2n * GWEI });
    expect(outcomes(pool.add([t1b]))).toEqual(['ok']);
    expect(pool.contentFrom(a.address)).toEqual({ pending: [t0, t1b, t2, t3], queued: [] });
    expect(announced).toEqual([[t1b, t2, t3]]);
  });

  it('removes the first pending transaction, leaving the account nothing executable', async () => {
    const { pool } = await openPool({ accounts });
    const [t0, t1] = [0n, 1n].map((n) => dynTx(a, n));
    pool.add([t0!, t1!]);
    expect(pool.remove(t0!.hash)).toBe(true);
    expect(pool.status()).toEqual({ pending: 0, queued: 1 });
    expect(pool.nonce(a.address)).toBe(0n);
    expect(pool.pending().has(a.id)).toBe(false);
  });

  it('removes the last pending and a queued transaction without moving others', async () => {
    const { pool } = await openPool({ accounts });
    const [t0, t1] = [0n, 1n].map((n) => dynTx(a, n));
    const [q5, q6] = [5n, 6n].map((n) => dynTx(b, n));
    pool.add([t0!, t1!, q5!, q6!]);
    expect(pool.remove(t1!.hash)).toBe(true);
    expect(pool.contentFrom(a.address)).toEqual({ pending: [t0], queued: [] });
    expect(pool.nonce(a.address)).toBe(1n);
    expect(pool.remove(q5!.hash)).toBe(true);
    expect(pool.contentFrom(b.address)).toEqual({ pending: [], queued: [q6] });
    expect(pool.remove(q6!.hash)).toBe(true);
    expect(pool.content().queued.size).toBe(0);
    expect(pool.status()).toEqual({ pending: 1, queued: 0 });
  });

  it('answers false for a hash it does not hold, a removed one, or a malformed one', async () => {
    const { pool } = await openPool({ accounts });
    const t0 = dynTx(a, 0n);
    pool.add([t0]);
    expect(pool.remove(dynTx(a, 1n).hash)).toBe(false);
    expect(pool.remove(new Uint8Array(0))).toBe(false);
    expect(pool.remove(new Uint8Array(31))).toBe(false);
    expect(pool.status()).toEqual({ pending: 1, queued: 0 });
    expect(pool.remove(t0.hash)).toBe(true);
    expect(pool.remove(t0.hash)).toBe(false);
    expect(pool.status()).toEqual({ pending: 0, queued: 0 });
  });

  it('forgets the removed transaction: it can be added again', async () => {
    const { pool } = await openPool({ accounts });
    const t0 = dynTx(a, 0n);
    pool.add([t0]);
    expect(outcomes(pool.add([t0]))).toEqual(['already known']);
    expect(pool.remove(t0.hash)).toBe(true);
    expect(outcomes(pool.add([t0]))).toEqual(['ok']);
    expect(pool.txStatus(t0.hash)).toBe('pending');
  });
});

describe('TxPool replacement', () => {
  for (const where of ['pending', 'queued'] as const) {
    it(`replaces a ${where} transaction only when fee cap and tip both rise by the price bump`, async () => {
      const { pool, announced } = await openPool({ accounts });
      const nonce = where === 'pending' ? 0n : 4n;
      const old = dynTx(a, nonce, { tip: 100n * GWEI, feeCap: 1000n * GWEI });
      pool.add([old]);
      const attempts = [
        dynTx(a, nonce, { tip: 100n * GWEI, feeCap: 2000n * GWEI }),
        dynTx(a, nonce, { tip: 200n * GWEI, feeCap: 1000n * GWEI }),
        dynTx(a, nonce, { tip: 109n * GWEI, feeCap: 1099n * GWEI }),
        dynTx(a, nonce, { tip: 110n * GWEI, feeCap: 1099n * GWEI }),
      ];
      expect(outcomes(pool.add(attempts))).toEqual(Array(4).fill('replacement transaction underpriced'));
      expect(pool.get(old.hash)).toBe(old);

      const better = dynTx(a, nonce, { tip: 110n * GWEI, feeCap: 1100n * GWEI });
      expect(outcomes(pool.add([better]))).toEqual(['ok']);
      expect(pool.has(old.hash)).toBe(false);
      expect(pool.txStatus(better.hash)).toBe(where);
      expect(pool.status()).toEqual(where === 'pending' ? { pending: 1, queued: 0 } : { pending: 0, queued: 1 });
      // A pending replacement is executable news; a queued one is not.
      expect(announced.flat().includes(better)).toBe(where === 'pending');
    });
  }

  it('applies the configured bump, and needs a strict rise at wei prices', async () => {
    const { pool } = await openPool({ accounts, config: { priceBump: 100 } });
    pool.add([legacyTx(a, 0n, 2n * GWEI), legacyTx(b, 0n, 1n)], { local: true });
    expect(outcomes(pool.add([legacyTx(a, 0n, 4n * GWEI - 1n)], { local: true }))).toEqual([
      'replacement transaction underpriced',
    ]);
    expect(outcomes(pool.add([legacyTx(a, 0n, 4n * GWEI)], { local: true }))).toEqual(['ok']);
    const sameWeiPrice = legacyTx(b, 0n, 1n, 2n);
    expect(outcomes(pool.add([sameWeiPrice], { local: true }))).toEqual(['replacement transaction underpriced']);
    expect(outcomes(pool.add([legacyTx(b, 0n, 2n)], { local: true }))).toEqual(['ok']);
  });
});

describe('TxPool following the chain', () => {
  it('drops what a new block used and moves the pending nonce on', async () => {
    const { pool, mine } = await openPool({ accounts });
    const txs = [0n, 1n, 2n].map((n) => dynTx(a, n));
    pool.add(txs);
    await mine(txs.slice(0, 2));
    expect(pool.status()).toEqual({ pending: 1, queued: 0 });
    expect(pool.has(txs[0]!.hash)).toBe(false);
    expect(pool.nonce(a.address)).toBe(3n);
    expect(pool.contentFrom(a.address).pending).toEqual([txs[2]]);
  });

  it('promotes queued transactions the chain made executable, on its own after the head moves', async () => {
    const { pool, mine, announced } = await openPool({ accounts });
    const t2 = dynTx(a, 2n);
    pool.add([t2]);
    await mine([dynTx(a, 0n), dynTx(a, 1n)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(announced).toEqual([[t2]]);
    expect(pool.txStatus(t2.hash)).toBe('pending');
    expect(pool.nonce(a.address)).toBe(3n);
  });

  it('re-checks balances at a new head: drops the unaffordable, demotes what follows them to the queue', async () => {
    const poorBalance = ETH;
    const { pool, mine } = await openPool({ accounts, balances: { [a.id]: poorBalance } });
    const t0 = dynTx(a, 0n);
    const t1 = dynTx(a, 1n, { value: ETH / 2n });
    const t2 = dynTx(a, 2n);
    const t5 = dynTx(a, 5n, { value: (ETH * 45n) / 100n });
    expect(outcomes(pool.add([t0, t1, t2, t5]))).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(pool.status()).toEqual({ pending: 3, queued: 1 });

    // Another transaction of the same nonce reaches a block first and spends most of the balance.
    await mine([dynTx(a, 0n, { value: (ETH * 6n) / 10n })]);
    expect(pool.has(t0.hash)).toBe(false);
    expect(pool.has(t1.hash)).toBe(false);
    expect(pool.has(t5.hash)).toBe(false);
    expect(pool.contentFrom(a.address)).toEqual({ pending: [], queued: [t2] });
    expect(pool.nonce(a.address)).toBe(1n);
  });

  it('re-injects the transactions of blocks a reorg removed, except those the new chain has too', async () => {
    const log = new CapturingLogger();
    const { pool, chain, mine, announced } = await openPool({ accounts, log });
    const genesis = chain.currentHeader;
    const x = dynTx(a, 0n);
    const y = dynTx(b, 0n);
    pool.add([x, y]);
    await mine([x, y]);
    expect(pool.status()).toEqual({ pending: 0, queued: 0 });

    announced.length = 0;
    await mine([y], genesis, SIDE_COINBASE);
    expect(pool.txStatus(x.hash)).toBe('pending');
    expect(pool.has(y.hash)).toBe(false);
    expect(pool.nonce(a.address)).toBe(1n);
    expect(announced).toEqual([[x]]);
    // y was not even tried again (no sender recovery, no state reads).
    expect(log.lines.filter((l) => l.startsWith('Reinjecting'))).toEqual(['Reinjecting stale transactions 1']);
  });

  it('does not re-inject from a reorg deeper than 64 blocks', async () => {
    const { pool, chain, mine } = await openPool({ accounts });
    const genesis = chain.currentHeader;
    const x = dynTx(a, 0n);
    await mine([x]);
    for (let i = 0; i < 64; i++) await mine([]);
    await mine([], genesis, SIDE_COINBASE);
    expect(chain.currentHeader.number).toBe(1n);
    expect(pool.has(x.hash)).toBe(false);
    expect(pool.status()).toEqual({ pending: 0, queued: 0 });
  });

  it('catches up at start with a head that moved after it was made, and starts only once', async () => {
    const setup = await openPool({ accounts });
    await setup.pool.stop();
    const tx = dynTx(a, 0n);
    const late = new TxPool({ chain: setup.chain, log: SILENT_LOG });
    late.add([tx]);
    await setup.mine([tx]);
    await late.start();
    expect(late.has(tx.hash)).toBe(false);
    expect(late.nonce(a.address)).toBe(1n);
    await expect(late.start()).rejects.toThrow('transaction pool already started');
    await late.stop();
  });

  it('stops following the chain when stopped', async () => {
    const { pool, chain, mine } = await openPool({ accounts });
    const tx = dynTx(a, 0n);
    pool.add([tx]);
    await pool.stop();
    expect(chain.events.listenerCount('chainHead')).toBe(0);
    expect(chain.events.listenerCount('reorg')).toBe(0);
    await mine([tx]);
    expect(pool.has(tx.hash)).toBe(true);
  });
});

describe('TxPool block order', () => {
  it('orders by effective tip across accounts, by nonce within one, first come first served on ties', async () => {
    const { pool, chain, advance } = await openPool({ accounts });
    const baseFee = chain.currentHeader.baseFeePerGas!;
    const a0 = dynTx(a, 0n, { tip: 1n * GWEI });
    const a1 = dynTx(a, 1n, { tip: 5n * GWEI });
    const b0 = dynTx(b, 0n, { tip: 3n * GWEI });
    const b1 = dynTx(b, 1n, { tip: 4n * GWEI });
    const c0 = dynTx(c, 0n, { tip: 3n * GWEI });
    const d0 = dynTx(d, 0n, { tip: 1n, feeCap: baseFee - 1n });
    pool.add([a0, a1, b0, b1]);
    advance(10);
    pool.add([c0, d0]);

    const order: Transaction[] = [];
    const txs = pool.pendingByPriceAndNonce({ baseFee });
    for (let tx = txs.peek(); tx !== undefined; tx = txs.peek()) {
      order.push(tx);
      txs.shift();
    }
    expect(order).toEqual([b0, b1, c0, a0, a1]);

    // A failed transaction takes the rest of its account with it.
    const skipping = pool.pendingByPriceAndNonce({ baseFee });
    skipping.pop();
    const rest: Transaction[] = [];
    for (let tx = skipping.peek(); tx !== undefined; tx = skipping.peek()) {
      rest.push(tx);
      skipping.shift();
    }
    expect(rest).toEqual([c0, a0, a1]);
  });
});

describe('TxPool journal', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps local transactions across a restart, dropping what was mined meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'txpool-'));
    dirs.push(dir);
    const journal = join(dir, 'transactions.rlp');
    const first = await openPool({ accounts, config: { journal } });
    const l0 = dynTx(a, 0n);
    const l1 = dynTx(a, 1n, { tip: 0n });
    const l3 = dynTx(a, 3n);
    const other = dynTx(c, 0n);
    first.pool.add([l0, l3], { local: true });
    first.pool.add([l1, dynTx(b, 0n)]);
    first.pool.add([other], { local: true });
    await first.pool.stop();
    await first.mine([other]);

    const second = new TxPool({ chain: first.chain, config: { journal }, log: SILENT_LOG });
    await second.start();
    const restored = second.contentFrom(a.address);
    expect(nonces(restored.pending)).toEqual([0n, 1n]);
    expect(restored.queued.map((t) => t.hash)).toEqual([l3.hash]);
    expect(second.has(l3.hash)).toBe(true);
    expect(second.has(other.hash)).toBe(false);
    expect(second.contentFrom(b.address)).toEqual({ pending: [], queued: [] });
    await second.stop();

    // The rotation at stop left only what the second pool held.
    const reloaded: Transaction[] = [];
    await new TxJournal(journal, SILENT_LOG).load((txs) => {
      reloaded.push(...txs);
      return 0;
    });
    expect(reloaded.map((t) => t.hash)).toEqual([l0.hash, l1.hash, l3.hash]);

    // A pool that never started does not touch the journal when stopped.
    await new TxPool({ chain: first.chain, config: { journal }, log: SILENT_LOG }).stop();
    const again: Transaction[] = [];
    await new TxJournal(journal, SILENT_LOG).load((txs) => {
      again.push(...txs);
      return 0;
    });
    expect(again).toHaveLength(3);
  });
});
