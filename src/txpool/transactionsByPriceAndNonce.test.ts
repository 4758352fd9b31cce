import { describe, expect, it } from 'vitest';
import { Transaction } from '../core/types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE, LEGACY_TX_TYPE } from '../core/types/txData.js';
import { TransactionsByPriceAndNonce } from './transactionsByPriceAndNonce.js';

// Ordering never looks at signatures; the account is the map key.
function tx(nonce: number, tip: bigint, feeCap = 1000n): Transaction {
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

function legacy(nonce: number, gasPrice: bigint): Transaction {
  const fields = { gasLimit: 21_000n, to: new Uint8Array(20), value: 0n, data: new Uint8Array(0) };
  const signature = { yParity: 0 as const, r: 1n, s: 1n };
  return new Transaction({ type: LEGACY_TX_TYPE, nonce: BigInt(nonce), gasPrice, ...fields }, signature);
}

function drain(txs: TransactionsByPriceAndNonce): Transaction[] {
  const out: Transaction[] = [];
  for (let t = txs.peek(); t !== undefined; t = txs.peek()) {
    out.push(t);
    txs.shift();
  }
  return out;
}

describe('TransactionsByPriceAndNonce', () => {
  it('always takes the best-paying next transaction, keeping each account in nonce order', () => {
    const a = [tx(0, 1n), tx(1, 9n), tx(2, 2n)];
    const b = [tx(0, 5n), tx(1, 3n)];
    const c = [tx(4, 4n)];
    const order = drain(new TransactionsByPriceAndNonce(new Map([['a', a], ['b', b], ['c', c]]), undefined));
    expect(order).toEqual([b[0], c[0], b[1], a[0], a[1], a[2]]);
  });

  it('ranks by the tip under the base fee, and stops an account at a fee cap below it', () => {
    // Under base fee 100: x pays min(50, 200 - 100) = 50, y pays min(80, 130 - 100) = 30, a legacy 160 pays 60.
    const x = tx(0, 50n, 200n);
    const y = tx(0, 80n, 130n);
    const z = legacy(0, 160n);
    const w = [tx(0, 70n, 300n), tx(1, 70n, 99n), tx(2, 70n, 300n)];
    const order = drain(new TransactionsByPriceAndNonce(new Map([['x', [x]], ['y', [y]], ['z', [z]], ['w', w]]), 100n));
    expect(order).toEqual([w[0], z, x, y]);
    const blocked = new TransactionsByPriceAndNonce(new Map([['v', [tx(0, 1n, 99n), tx(1, 5n)]]]), 100n);
    expect(blocked.peek()).toBeUndefined();
  });

  it('breaks equal tips by arrival, and pop drops the rest of an account', () => {
    const first = [tx(0, 5n), tx(1, 5n)];
    const second = [tx(0, 5n)];
    const arrival = new Map<Transaction, number>([[first[0]!, 2], [first[1]!, 3], [second[0]!, 1]]);
    const accounts = new Map([
      ['first', first],
      ['second', second],
    ]);
    const txs = new TransactionsByPriceAndNonce(accounts, undefined, (t) => arrival.get(t)!);
    expect(txs.peek()).toBe(second[0]);
    txs.shift();
    expect(txs.peek()).toBe(first[0]);
    txs.pop();
    expect(txs.peek()).toBeUndefined();
    txs.shift();
    txs.pop();
    expect(txs.peek()).toBeUndefined();
  });

  it('is empty for no accounts or empty lists', () => {
    expect(new TransactionsByPriceAndNonce(new Map(), undefined).peek()).toBeUndefined();
    expect(new TransactionsByPriceAndNonce(new Map([['a', []]]), 1n).peek()).toBeUndefined();
  });
});
