import { describe, expect, it } from 'vitest';
import { Transaction } from '../core/types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE } from '../core/types/txData.js';
import { PricedList } from './pricedList.js';
import { TxLookup, txKey } from './txLookup.js';

function tx(nonce: number, tip: bigint, feeCap: bigint): Transaction {
  return new Transaction(
    {
      type: DYNAMIC_FEE_TX_TYPE,
      chainId: 1n,
      nonce: BigInt(nonce),
      maxPriorityFeePerGas: tip,
      maxFeePerGas: feeCap,
      gasLimit: 21_000n,
      to: new Uint8Array(20),
      value: 0n,
      data: new Uint8Array(0),
      accessList: [],
    },
    { yParity: 0, r: 1n, s: 1n },
  );
}

function track(txs: Transaction[], local = false): { all: TxLookup; priced: PricedList } {
  const all = new TxLookup();
  const priced = new PricedList(all);
  for (const t of txs) {
    all.add({ tx: t, sender: new Uint8Array(20), senderKey: '0x00', local, time: 0 });
    priced.put(t, local);
  }
  return { all, priced };
}

describe('PricedList', () => {
  it('finds nothing underpriced and nothing to discard without remote transactions', () => {
    const { priced } = track([tx(0, 1n, 1n)], true);
    expect(priced.underpriced(tx(0, 0n, 0n))).toBe(false);
    expect(priced.discard(1, false)).toEqual({ drop: [], success: false });
    expect(priced.discard(1, true)).toEqual({ drop: [], success: true });
  });

  it('calls a transaction underpriced when it is no better than the cheapest', () => {
    const cheapest = tx(0, 5n, 50n);
    const { priced } = track([tx(1, 10n, 100n), cheapest]);
    expect(priced.underpriced(tx(0, 5n, 50n))).toBe(true);
    expect(priced.underpriced(tx(0, 4n, 60n))).toBe(false);
    expect(priced.underpriced(tx(0, 6n, 50n))).toBe(false);
  });

  it('discards the cheapest by effective tip once a base fee is set, by fee cap without one', () => {
    // Under base fee 100 `lowTip` pays 10 and `lowCap` pays 50; by fee cap alone `lowCap` is the cheaper.
    const lowTip = tx(0, 10n, 1000n);
    const lowCap = tx(1, 50n, 200n);
    const { priced } = track([lowTip, lowCap]);
    priced.setBaseFee(100n);
    const byTip = priced.discard(1, false);
    expect(byTip.drop).toEqual([lowTip]);

    const other = track([lowTip, lowCap]);
    other.priced.setBaseFee(undefined);
    expect(other.priced.discard(1, false).drop).toEqual([lowCap]);
  });

  it('prefers the higher nonce among equal prices, and gives back what it found when it cannot free enough', () => {
    const txs = [tx(0, 5n, 50n), tx(1, 5n, 50n), tx(2, 9n, 90n)];
    const { priced } = track(txs);
    expect(priced.discard(4, false)).toEqual({ drop: [], success: false });
    expect(priced.discard(1, false).drop).toEqual([txs[1]]);
    expect(priced.discard(1, false).drop).toEqual([txs[0]]);
  });

  it('skips transactions that left the pool, and rebuilds once a quarter of its entries are stale', () => {
    const txs = [tx(0, 1n, 10n), tx(1, 2n, 20n), tx(2, 3n, 30n), tx(3, 4n, 40n), tx(4, 5n, 50n), tx(5, 6n, 60n)];
    const { all, priced } = track(txs);
    all.remove(txKey(txs[0]!));
    priced.removed(1);
    expect(priced.stales).toBe(1);
    // Priced between the removed transaction and the next: underpriced only because the removed one is skipped.
    expect(priced.underpriced(tx(9, 1n, 15n))).toBe(true);
    expect(priced.underpriced(tx(9, 3n, 25n))).toBe(false);
    expect(priced.stales).toBe(0);
    all.remove(txKey(txs[1]!));
    all.remove(txKey(txs[2]!));
    priced.removed(2);
    // 2 stale of 5 entries is over a quarter: rebuilt from the 3 remaining.
    expect(priced.stales).toBe(0);
    expect(priced.discard(1, false).drop).toEqual([txs[3]]);
  });
});
