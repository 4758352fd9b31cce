// Logs, polling filters and subscriptions: eth_getLogs, eth_newFilter, eth_newBlockFilter,
// eth_newPendingTransactionFilter, eth_getFilterChanges, eth_getFilterLogs, eth_uninstallFilter, eth_subscribe and
// eth_unsubscribe. Subscriptions need a connection to notify (WebSocket); they end with it.
import { bytesToHex } from '../common/bytes.js';
import type { Transaction } from '../core/types/transaction.js';
import { formatSyncProgress } from './ethChain.js';
import type { EthApiContext } from './apiConfig.js';
import { FilterSystem } from './filterSystem.js';
import { METHOD_NOT_FOUND, RpcError, serverError, invalidParams } from './jsonrpc.js';
import { decodeFilterCriteria, type FilterCriteria } from './logFilter.js';
import { queryLogs } from './logQuery.js';
import { argumentError, decodeBool, method, optional, param, ParamError, type RpcHandler } from './params.js';
import { formatHeader } from './rpcBlock.js';
import { formatTransaction } from './rpcTransaction.js';
import type { RpcSession } from './session.js';

const CRITERIA = param('filter', decodeFilterCriteria);
const FILTER_ID = param('id', decodeFilterId);

/** Ids are what newFilterId hands out; anything else is refused before any lookup. */
function decodeFilterId(v: unknown): string {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(v)) throw new ParamError('expected a hex filter id');
  return v.toLowerCase();
}

/** geth's answer to eth_subscribe over a transport without lasting connections. */
export const NOTIFICATIONS_UNSUPPORTED = 'notifications not supported';

function requireSession(session: RpcSession | undefined): RpcSession {
  if (session === undefined) throw new RpcError(METHOD_NOT_FOUND, NOTIFICATIONS_UNSUPPORTED);
  return session;
}

/** Argument `index` of a raw parameter list, `fallback` when absent or null. */
function optionalArg<T>(raw: readonly unknown[], index: number, name: string, decode: (v: unknown) => T, fallback: T): T {
  const value = raw[index];
  if (value === undefined || value === null) return fallback;
  try {
    return decode(value);
  } catch (e) {
    if (e instanceof ParamError) throw argumentError(index, name, e.message);
    throw e;
  }
}

/** Starts a subscription that sends its items through `notify`; returns its id. */
type SubscriptionStart = (notify: (result: unknown) => void) => string;

/** A pool transaction as filters and subscriptions give it: its hash, or the whole transaction (geth's fullTx). */
function pendingTxResult(tx: Transaction, full: boolean): unknown {
  return full ? formatTransaction(tx, undefined) : bytesToHex(tx.hash);
}

export function ethFilterMethods({ backend, config, log }: EthApiContext): Record<string, RpcHandler> {
  const filters = new FilterSystem(backend, { log, ...config.filters });
  const rangeLimit = config.logRangeLimit;
  /** The subscriptions each connection holds, so that one cannot end another's and all end with it. */
  const owned = new WeakMap<RpcSession, Map<string, () => void>>();

  const subscribe = (session: RpcSession, start: SubscriptionStart): string => {
    let id = '';
    const notify = (result: unknown): void => session.notify('eth_subscription', { subscription: id, result });
    id = start(notify);
    let mine = owned.get(session);
    if (mine === undefined) owned.set(session, (mine = new Map()));
    const cancelOnClose = session.onClose(() => {
      filters.unsubscribe(id);
      mine.delete(id);
    });
    mine.set(id, cancelOnClose);
    return id;
  };

  const subscriptionStarters: Record<string, (raw: readonly unknown[]) => SubscriptionStart> = {
    newHeads: () => (notify) => filters.subscribeNewHeads((block) => notify(formatHeader(block.header))),
    logs: (raw) => {
      const criteria = optionalArg<FilterCriteria>(raw, 1, 'filter', decodeFilterCriteria, { addresses: [], topics: [] });
      return (notify) => filters.subscribeLogs(criteria, notify);
    },
    newPendingTransactions: (raw) => {
      const full = optionalArg(raw, 1, 'fullTx', decodeBool, false);
      return (notify) => filters.subscribePendingTransactions((tx) => notify(pendingTxResult(tx, full)));
    },
    // As geth: {syncing: true, status} when a sync starts or moves on, false when it ends.
    syncing: () => (notify) =>
      filters.subscribeSyncing((progress) => {
        const status = formatSyncProgress(progress);
        notify(status === false ? false : { syncing: true, status });
      }),
  };

  return {
    eth_getLogs: method([CRITERIA], (criteria) => queryLogs(backend, criteria, rangeLimit)),

    eth_newFilter: method([CRITERIA], (criteria) => filters.newLogFilter(criteria)),

    eth_newBlockFilter: method([], () => filters.newBlockFilter()),

    eth_newPendingTransactionFilter: method([optional(param('fullTx', decodeBool))], (full) =>
      filters.newPendingTransactionFilter((tx) => pendingTxResult(tx, full === true)),
    ),

    eth_getFilterChanges: method([FILTER_ID], (id) => filters.changes(id)),

    eth_getFilterLogs: method([FILTER_ID], (id) => queryLogs(backend, filters.logCriteria(id), rangeLimit)),

    eth_uninstallFilter: method([FILTER_ID], (id) => filters.uninstall(id)),

    eth_subscribe: (raw, session) => {
      const connection = requireSession(session);
      const name = raw[0];
      if (typeof name !== 'string') throw invalidParams('first argument must be the subscription name');
      const starter = Object.hasOwn(subscriptionStarters, name) ? subscriptionStarters[name] : undefined;
      if (starter === undefined) {
        throw new RpcError(METHOD_NOT_FOUND, `no ${JSON.stringify(name)} subscription in eth namespace`);
      }
      const max = name === 'logs' || name === 'newPendingTransactions' ? 2 : 1;
      if (raw.length > max) throw invalidParams(`too many arguments, want at most ${max}`);
      return subscribe(connection, starter(raw));
    },

    eth_unsubscribe: (raw, session) => {
      const connection = requireSession(session);
      if (raw.length !== 1 || raw[0] === null) throw invalidParams('want exactly one argument: the subscription id');
      const id = optionalArg(raw, 0, 'id', decodeFilterId, '');
      const cancelOnClose = owned.get(connection)?.get(id);
      if (cancelOnClose === undefined) throw serverError('subscription not found');
      owned.get(connection)!.delete(id);
      cancelOnClose();
      filters.unsubscribe(id);
      return true;
    },
  };
}
