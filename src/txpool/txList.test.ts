import { describe, expect, it } from 'vitest';
import { Transaction } from '../core/types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE } from '../core/types/txData.js';
import { replacesAtBump, TxList } from './txList.js';

// Lists never look at signatures, so a fixed one keeps these tests free of signing.
function tx(nonce: number, opts: { tip?: bigint; feeCap?: bigint; value?: bigint; gas?: bigint } = {}): Transaction {
  return new Transaction(
    {
      type: DYNAMIC_FEE_TX_TYPE,
      chainId: 1n,
      nonce: BigInt(nonce),
      maxPriorityFeePerGas: opts.tip ?? 10n,
      maxFeePerGas: opts.feeCap ?? 100n,
      gasLimit: opts.gas ?? 21_000n,
      to: new Uint8Array(20),
      value: opts.value ?? 0n,
      data: new Uint8Array(0),
      accessList: [],
    },
    { yParity: 0, r: 1n, s: 1n },
  );
}

const nonces = (txs: Transaction[]): number[] => txs.map((t) => Number(t.nonce));

describe('replacesAtBump', () => {
  it('needs both fee cap and tip raised, each by the bump percentage', () => {
    const old = tx(0, { tip: 100n, feeCap: 1000n });
    expect(replacesAtBump(old, tx(0, { tip: 110n, feeCap: 1100n }), 10)).toBe(true);
    expect(replacesAtBump(old, tx(0, { tip: 109n, feeCap: 1100n }), 10)).toBe(false);
    expect(replacesAtBump(old, tx(0, { tip: 110n, feeCap: 1099n }), 10)).toBe(false);
    expect(replacesAtBump(old, tx(0, { tip: 200n, feeCap: 1000n }), 10)).toBe(false);
    expect(replacesAtBump(old, tx(0, { tip: 100n, feeCap: 2000n }), 10)).toBe(false);
  });

  it('needs a strict rise even where the percentage rounds to nothing (wei prices)', () => {
    const old = tx(0, { tip: 1n, feeCap: 1n });
    expect(replacesAtBump(old, tx(0, { tip: 1n, feeCap: 1n }), 10)).toBe(false);
    expect(replacesAtBump(old, tx(0, { tip: 2n, feeCap: 2n }), 10)).toBe(true);
  });
});

describe('TxList', () => {
  it('keeps transactions by nonce, replaces only at the bump, and tracks the total cost', () => {
    const list = new TxList(false);
    const a = tx(3, { value: 5n });
    expect(list.add(a, 10)).toEqual({ inserted: true });
    list.add(tx(1), 10);
    list.add(tx(2), 10);
    expect(nonces(list.flatten())).toEqual([1, 2, 3]);
    expect(list.size).toBe(3);
    expect(list.last()).toBe(a);
    expect(list.totalCost).toBe(3n * 21_000n * 100n + 5n);

    expect(list.add(tx(3, { tip: 10n, feeCap: 100n }), 10)).toEqual({ inserted: false });
    const better = tx(3, { tip: 11n, feeCap: 110n });
    expect(list.add(better, 10)).toEqual({ inserted: true, old: a });
    expect(list.get(3n)).toBe(better);
    expect(list.totalCost).toBe(2n * 21_000n * 100n + 21_000n * 110n);
  });

  it('forward drops used nonces; ready hands out the run starting at or below the given nonce', () => {
    const list = new TxList(false);
    for (const n of [2, 3, 4, 6, 7]) list.add(tx(n), 10);
    expect(nonces(list.forward(3n))).toEqual([2]);
    expect(nonces(list.ready(2n))).toEqual([]);
    expect(nonces(list.ready(3n))).toEqual([3, 4]);
    expect(nonces(list.flatten())).toEqual([6, 7]);
    expect(list.totalCost).toBe(2n * 21_000n * 100n);
  });

  it('filter drops what the balance or gas limit cannot cover; a strict list also gives up the later ones', () => {
    const strict = new TxList(true);
    const loose = new TxList(false);
    for (const list of [strict, loose]) {
      list.add(tx(0, { value: 1n }), 10);
      list.add(tx(1, { value: 1_000_000_000n }), 10);
      list.add(tx(2, { value: 1n }), 10);
      list.add(tx(3, { value: 1n, gas: 50_000n }), 10);
    }
    const balance = 21_000n * 100n + 1n;
    const s = strict.filter(balance, 30_000n);
    expect(nonces(s.removed)).toEqual([1, 3]);
    expect(nonces(s.invalids)).toEqual([2]);
    expect(nonces(strict.flatten())).toEqual([0]);
    expect(strict.totalCost).toBe(21_000n * 100n + 1n);

    const l = loose.filter(balance, 30_000n);
    expect(nonces(l.removed)).toEqual([1, 3]);
    expect(l.invalids).toEqual([]);
    expect(nonces(loose.flatten())).toEqual([0, 2]);

    // Everything within the limits: nothing to do.
    expect(strict.filter(10n ** 30n, 30_000_000n)).toEqual({ removed: [], invalids: [] });
  });

  it('cap keeps the lowest nonces and returns the rest highest first', () => {
    const list = new TxList(false);
    for (const n of [5, 1, 3, 2, 4]) list.add(tx(n), 10);
    expect(list.cap(5)).toEqual([]);
    expect(nonces(list.cap(2))).toEqual([5, 4, 3]);
    expect(nonces(list.flatten())).toEqual([1, 2]);
    expect(nonces(list.cap(0))).toEqual([2, 1]);
    expect(list.empty).toBe(true);
    expect(list.totalCost).toBe(0n);
    expect(list.last()).toBeUndefined();
  });

  it('remove takes out exactly that transaction; in a strict list the later ones come out as invalids', () => {
    const strict = new TxList(true);
    const loose = new TxList(false);
    const txs = [0, 1, 2, 3].map((n) => tx(n));
    for (const t of txs) {
      strict.add(t, 10);
      loose.add(t, 10);
    }
    expect(strict.remove(tx(1))).toEqual({ removed: false, invalids: [] });
    const s = strict.remove(txs[1]!);
    expect(s.removed).toBe(true);
    expect(nonces(s.invalids)).toEqual([2, 3]);
    expect(nonces(strict.flatten())).toEqual([0]);

    expect(loose.remove(txs[1]!)).toEqual({ removed: true, invalids: [] });
    expect(nonces(loose.flatten())).toEqual([0, 2, 3]);
    expect(loose.remove(txs[1]!)).toEqual({ removed: false, invalids: [] });
  });
});
