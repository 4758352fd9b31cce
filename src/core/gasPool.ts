// The gas a block has left for its transactions (geth's core.GasPool): each transaction takes its whole gas
// limit up front and gives back what it did not use.
import { StateTransitionError } from './stateTransitionError.js';

const MAX_UINT64 = (1n << 64n) - 1n;

export class GasPool {
  private remaining: bigint;

  constructor(gas: bigint) {
    this.remaining = checkGas(gas);
  }

  get gas(): bigint {
    return this.remaining;
  }

  /** Takes `amount`; a transaction that needs more than the block has left cannot be included. */
  subGas(amount: bigint): void {
    if (amount > this.remaining) {
      throw new StateTransitionError('gasLimitReached', `gas limit reached: have ${this.remaining}, want ${amount}`);
    }
    this.remaining -= amount;
  }

  addGas(amount: bigint): void {
    this.remaining = checkGas(this.remaining + amount);
  }

  /** Restores an earlier figure (after a transaction turned out invalid). */
  setGas(gas: bigint): void {
    this.remaining = checkGas(gas);
  }
}

function checkGas(gas: bigint): bigint {
  if (gas < 0n || gas > MAX_UINT64) throw new RangeError(`gas pool: ${gas} is not a uint64`);
  return gas;
}
