// The txpool namespace (geth's TxPoolAPI): the pool's counts, its transactions by sender and nonce (pending:
// executable now; queued: waiting behind a nonce gap), and the one-line summaries of txpool_inspect.
import { hexToBytes, toQuantity, type Bytes } from '../common/bytes.js';
import type { Transaction } from '../core/types/transaction.js';
import { checksumAddress } from './checksumAddress.js';
import { decodeAddress, method, param } from './params.js';
import type { RpcModule } from './registry.js';
import { formatTransaction } from './rpcTransaction.js';

/** What the namespace reads from the pool; keys of the maps are lower-case 0x addresses. */
export interface TxPoolContentSource {
  status(): { pending: number; queued: number };
  content(): { pending: Map<string, Transaction[]>; queued: Map<string, Transaction[]> };
  contentFrom(address: Bytes): { pending: Transaction[]; queued: Transaction[] };
}

/** Transactions keyed by their nonce in decimal, as geth keys them. */
function byNonce<T>(txs: readonly Transaction[], format: (tx: Transaction) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const tx of txs) out[tx.nonce.toString()] = format(tx);
  return out;
}

/** Senders keyed by their EIP-55 address. */
function bySender<T>(accounts: Map<string, Transaction[]>, format: (tx: Transaction) => T): Record<string, Record<string, T>> {
  const out: Record<string, Record<string, T>> = {};
  for (const [sender, txs] of accounts) out[checksumAddress(hexToBytes(sender))] = byNonce(txs, format);
  return out;
}

const pendingTx = (tx: Transaction): unknown => formatTransaction(tx, undefined);

/** geth's summary: "0xTo: 1 wei + 21000 gas × 2 wei", "contract creation: ..." without a recipient. */
function inspectTransaction(tx: Transaction): string {
  const target = tx.to === undefined ? 'contract creation' : checksumAddress(tx.to);
  return `${target}: ${tx.value} wei + ${tx.gasLimit} gas × ${tx.gasPrice} wei`;
}

export function createTxpoolModule(pool: TxPoolContentSource): RpcModule {
  return {
    namespace: 'txpool',
    methods: {
      txpool_status: method([], () => {
        const { pending, queued } = pool.status();
        return { pending: toQuantity(pending), queued: toQuantity(queued) };
      }),
      txpool_content: method([], () => {
        const { pending, queued } = pool.content();
        return { pending: bySender(pending, pendingTx), queued: bySender(queued, pendingTx) };
      }),
      txpool_contentFrom: method([param('address', decodeAddress)], (address) => {
        const { pending, queued } = pool.contentFrom(address);
        return { pending: byNonce(pending, pendingTx), queued: byNonce(queued, pendingTx) };
      }),
      txpool_inspect: method([], () => {
        const { pending, queued } = pool.content();
        return { pending: bySender(pending, inspectTransaction), queued: bySender(queued, inspectTransaction) };
      }),
    },
  };
}
