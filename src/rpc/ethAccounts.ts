// The node's own accounts: eth_accounts lists the unlocked ones; eth_sendTransaction fills in what the caller
// left out as geth's TransactionArgs.setDefaults does (nonce from the pool, fees from the oracle, gas by
// estimation, the chain id), signs with the account's key and submits the result as a local transaction;
// eth_signTransaction signs without submitting; eth_sign signs a message with the EIP-191 prefix.
import { bytesToHex, concatBytes, EMPTY_BYTES, utf8ToBytes, type Bytes } from '../common/bytes.js';
import { log as rootLog } from '../common/log.js';
import { encodeTransaction, type Transaction } from '../core/types/transaction.js';
import { ACCESS_LIST_TX_TYPE, DYNAMIC_FEE_TX_TYPE, LEGACY_TX_TYPE, type TxData } from '../core/types/txData.js';
import { keccak256 } from '../crypto/keccak.js';
import { signatureToBytes } from '../crypto/secp256k1.js';
import { DEFAULT_RPC_API_CONFIG, type RpcApiConfig } from './apiConfig.js';
import type { AccountBackend, RpcBackend } from './backend.js';
import { callMessage, checkCallChainId, decodeCallArgs, type CallArgs } from './callArgs.js';
import { checkTxFee } from './ethTransactions.js';
import { estimateGas } from './gasEstimator.js';
import { GasPriceOracle } from './gasPriceOracle.js';
import { serverError } from './jsonrpc.js';
import { decodeAddress, decodeData, method, param } from './params.js';
import type { RpcModule } from './registry.js';
import { formatTransaction } from './rpcTransaction.js';

const TX = param('transaction', decodeCallArgs);

/** The fee fields a transaction gets: a legacy gas price, or EIP-1559 caps. */
type Fees = { gasPrice: bigint } | { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

/** A transaction's fields as far as they are known before its nonce. */
interface Filled {
  from: Bytes;
  accounts: AccountBackend;
  fee: Fees;
  gas: bigint;
}

export function createEthAccountsModule(backend: RpcBackend, config: Partial<RpcApiConfig> = {}): RpcModule {
  const full: RpcApiConfig = { ...DEFAULT_RPC_API_CONFIG, ...config };
  const log = full.log ?? rootLog;
  const chain = backend.chain;
  const oracle = new GasPriceOracle(chain, full.gpo);

  /** geth's setFeeDefaults: EIP-1559 caps from London on unless a gas price is given; the oracle's tip otherwise. */
  const fees = (args: CallArgs): Fees => {
    const baseFee = chain.currentHeader.baseFeePerGas;
    if (args.gasPrice !== undefined) return { gasPrice: args.gasPrice };
    if (baseFee === undefined) {
      if (args.maxFeePerGas !== undefined || args.maxPriorityFeePerGas !== undefined) {
        throw serverError('maxFeePerGas and maxPriorityFeePerGas are not valid before London is active');
      }
      return { gasPrice: oracle.suggestTipCap() };
    }
    const tip = args.maxPriorityFeePerGas ?? oracle.suggestTipCap();
    // Twice the head's base fee leaves room for six full blocks of base fee increases.
    const feeCap = args.maxFeePerGas ?? tip + 2n * baseFee;
    if (feeCap < tip) throw serverError(`maxFeePerGas (${feeCap}) < maxPriorityFeePerGas (${tip})`);
    return { maxFeePerGas: feeCap, maxPriorityFeePerGas: tip };
  };

  /** geth's setDefaults, but for the nonce: checks, fees and gas (estimated when not given, which takes time). */
  const fillDefaults = async (args: CallArgs): Promise<Filled> => {
    const from = args.from;
    const accounts = backend.accounts;
    if (from === undefined || accounts === undefined || !accounts.holds(from)) throw serverError('unknown account');
    if (args.blobVersionedHashes !== undefined) {
      throw serverError('blob transactions are not supported here (their blobs cannot be sent)');
    }
    if (args.to === undefined && (args.input === undefined || args.input.length === 0)) {
      throw serverError('contract creation without any data provided');
    }
    checkCallChainId(args, chain.config.chainId);
    const fee = fees(args);
    let gas = args.gas;
    if (gas === undefined) {
      const header = chain.currentHeader;
      const filled: CallArgs = { ...args, ...fee };
      const env = { chain, header, openState: () => chain.stateAtHeader(header), timeoutMs: full.evmTimeoutMs };
      gas = await estimateGas(env, callMessage(filled, 0n, header.baseFeePerGas), full.gasCap);
    }
    return { from, accounts, fee, gas };
  };

  /**
   * The nonce (the pool's next one unless given), the signature and the --rpc.txfeecap check. Synchronous, so that
   * eth_sendTransaction hands the pool the transaction before another call can read the same pending nonce.
   */
  const signFilled = (args: CallArgs, { from, accounts, fee, gas }: Filled): Transaction => {
    const common = {
      chainId: chain.config.chainId,
      nonce: args.nonce ?? backend.txPool.pendingNonce(from),
      gasLimit: gas,
      to: args.to,
      value: args.value ?? 0n,
      data: args.input ?? EMPTY_BYTES,
    };
    let unsigned: TxData;
    if ('gasPrice' in fee) {
      unsigned =
        args.accessList === undefined
          ? { type: LEGACY_TX_TYPE, ...common, gasPrice: fee.gasPrice }
          : { type: ACCESS_LIST_TX_TYPE, ...common, gasPrice: fee.gasPrice, accessList: args.accessList };
    } else {
      unsigned = { type: DYNAMIC_FEE_TX_TYPE, ...common, ...fee, accessList: args.accessList ?? [] };
    }
    const tx = accounts.signTransaction(from, unsigned);
    if (tx === undefined) throw serverError('unknown account');
    checkTxFee(tx.gasPrice, tx.gasLimit, full.txFeeCap);
    return tx;
  };

  return {
    namespace: 'eth',
    methods: {
      eth_accounts: method([], () => (backend.accounts?.addresses() ?? []).map(bytesToHex)),

      // geth's eth_sign: the EIP-191 "personal" digest of the data, signed; v is 27 or 28 as geth returns it.
      eth_sign: method([param('address', decodeAddress), param('data', decodeData)], (address, data) => {
        const prefix = utf8ToBytes(`\x19Ethereum Signed Message:\n${data.length}`);
        const signature = backend.accounts?.signDigest(address, keccak256(concatBytes(prefix, data)));
        if (signature === undefined) throw serverError('unknown account');
        const out = signatureToBytes(signature);
        out[64] = signature.yParity + 27;
        return bytesToHex(out);
      }),

      eth_sendTransaction: method([TX], async (args) => {
        const tx = signFilled(args, await fillDefaults(args));
        await backend.txPool.addLocal(tx);
        const { hash, nonce, to, value } = tx;
        log.info('Submitted transaction', { hash, from: args.from, nonce, recipient: to, value });
        return bytesToHex(tx.hash);
      }),

      // Signs without sending; as geth, the caller must fix gas, fees and nonce (nothing is estimated for it).
      eth_signTransaction: method([TX], async (args) => {
        if (args.gas === undefined) throw serverError('gas not specified');
        if (args.gasPrice === undefined && (args.maxPriorityFeePerGas === undefined || args.maxFeePerGas === undefined)) {
          throw serverError('missing gasPrice or maxFeePerGas/maxPriorityFeePerGas');
        }
        if (args.nonce === undefined) throw serverError('nonce not specified');
        const tx = signFilled(args, await fillDefaults(args));
        return { raw: bytesToHex(encodeTransaction(tx)), tx: formatTransaction(tx, undefined) };
      }),
    },
  };
}

