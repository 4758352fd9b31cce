// A block is a header and a body: transactions, ommers (uncle headers) and, from Shanghai on, withdrawals.
// Block RLP = [header, transactions, ommers, withdrawals?]; the body alone (as the eth protocol's BlockBodies
// carries it) = [transactions, ommers, withdrawals?]. The roots that commit the header to the body need the trie
// and are checked by the chain, not here.
import type { Bytes } from '../../common/bytes.js';
import { decodeRlp, encodeRlp, expectList, RlpError, type RlpInput, type RlpItem } from '../../rlp/rlp.js';
import { headerFromRlp, headerToRlp, type Header } from './header.js';
import { transactionFromBlockItem, transactionToBlockItem, type Transaction } from './transaction.js';
import { withdrawalFromRlp, withdrawalToRlp, type Withdrawal } from './withdrawal.js';

export interface Body {
  transactions: Transaction[];
  ommers: Header[];
  /** Present exactly when the header has a withdrawalsRoot (Shanghai on), even if empty. */
  withdrawals?: Withdrawal[];
}

export class Block {
  readonly header: Header;
  readonly transactions: Transaction[];
  readonly ommers: Header[];
  readonly withdrawals?: Withdrawal[];

  /** Throws when the body's withdrawals presence disagrees with the header's withdrawalsRoot. */
  constructor(header: Header, body: Body) {
    if (header.withdrawalsRoot !== undefined && body.withdrawals === undefined) {
      throw new Error('block: header has a withdrawalsRoot but the body has no withdrawals list');
    }
    if (header.withdrawalsRoot === undefined && body.withdrawals !== undefined) {
      throw new Error('block: body has a withdrawals list but the header has no withdrawalsRoot');
    }
    this.header = header;
    this.transactions = body.transactions;
    this.ommers = body.ommers;
    this.withdrawals = body.withdrawals;
  }

  /** The header hash. */
  get hash(): Bytes {
    return this.header.hash;
  }

  get number(): bigint {
    return this.header.number;
  }

  get body(): Body {
    return { transactions: this.transactions, ommers: this.ommers, withdrawals: this.withdrawals };
  }
}

function bodyItems(body: Body): RlpInput[] {
  const items: RlpInput[] = [body.transactions.map(transactionToBlockItem), body.ommers.map(headerToRlp)];
  if (body.withdrawals !== undefined) items.push(body.withdrawals.map(withdrawalToRlp));
  return items;
}

/** Reads [transactions, ommers, withdrawals?] (the caller has checked there are 2 or 3 items). */
function bodyFromItems(items: RlpItem[], what: string): Body {
  const transactions = expectList(items[0]!, `${what} transactions`).map((item, i) => {
    try {
      return transactionFromBlockItem(item);
    } catch (e) {
      // The transaction layer does not know the position; the index is what makes the error actionable.
      throw new RlpError(`${what} transaction ${i}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  const ommers = expectList(items[1]!, `${what} ommers`).map((item, i) => headerFromRlp(item, `${what} ommer ${i}`));
  const body: Body = { transactions, ommers };
  if (items.length === 3) {
    body.withdrawals = expectList(items[2]!, `${what} withdrawals`).map((item, i) =>
      withdrawalFromRlp(item, `${what} withdrawal ${i}`),
    );
  }
  return body;
}

function expectItemCount(list: RlpItem[], what: string, min: number): void {
  if (list.length < min || list.length > min + 1) {
    throw new RlpError(`${what}: expected ${min} or ${min + 1} elements, got ${list.length}`);
  }
}

export function bodyToRlp(body: Body): RlpInput {
  return bodyItems(body);
}

export function bodyFromRlp(item: RlpItem, what = 'body'): Body {
  const list = expectList(item, what);
  expectItemCount(list, what, 2);
  return bodyFromItems(list, what);
}

export function encodeBody(body: Body): Bytes {
  return encodeRlp(bodyToRlp(body));
}

export function decodeBody(bytes: Bytes): Body {
  return bodyFromRlp(decodeRlp(bytes));
}

export function blockToRlp(block: Block): RlpInput {
  return [headerToRlp(block.header), ...bodyItems(block)];
}

export function blockFromRlp(item: RlpItem, what = 'block'): Block {
  const list = expectList(item, what);
  expectItemCount(list, what, 3);
  return new Block(headerFromRlp(list[0]!, `${what} header`), bodyFromItems(list.slice(1), what));
}

export function encodeBlock(block: Block): Bytes {
  return encodeRlp(blockToRlp(block));
}

export function decodeBlock(bytes: Bytes): Block {
  return blockFromRlp(decodeRlp(bytes));
}
