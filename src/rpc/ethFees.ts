// Fees: eth_gasPrice, eth_maxPriorityFeePerGas, eth_feeHistory, eth_blobBaseFee, eth_baseFee.
import { toQuantity } from '../common/bytes.js';
import type { EthApiContext } from './apiConfig.js';
import { blobBaseFee, nextBaseFee } from './blockFees.js';
import { decodeBlockNumberOrTag } from './blockParam.js';
import { feeHistory } from './feeHistory.js';
import type { RpcObject } from './jsonrpc.js';
import { decodeArray, decodeHexOrDecimal64, decodeNumber, method, param, type RpcHandler } from './params.js';

export function ethFeeMethods({ backend, gasPriceOracle }: EthApiContext): Record<string, RpcHandler> {
  const chain = backend.chain;
  return {
    // A legacy price: the suggested tip on top of the head's base fee.
    eth_gasPrice: method([], () => toQuantity(gasPriceOracle.suggestTipCap() + (chain.currentHeader.baseFeePerGas ?? 0n))),

    eth_maxPriorityFeePerGas: method([], () => toQuantity(gasPriceOracle.suggestTipCap())),

    // The head's blob base fee (what its blob transactions paid); null before Cancun.
    eth_blobBaseFee: method([], () => {
      const fee = blobBaseFee(chain.config, chain.currentHeader);
      return fee === undefined ? null : toQuantity(fee);
    }),

    // The base fee of the next block; null when it is before London.
    eth_baseFee: method([], () => {
      const fee = nextBaseFee(chain.config, chain.currentHeader);
      return fee === undefined ? null : toQuantity(fee);
    }),

    eth_feeHistory: method(
      [
        param('blockCount', decodeHexOrDecimal64),
        param('newestBlock', decodeBlockNumberOrTag),
        param('rewardPercentiles', (v) => decodeArray(v, decodeNumber)),
      ],
      (blockCount, newest, percentiles) => {
        const history = feeHistory(backend, blockCount, newest, percentiles);
        const out: RpcObject = {
          oldestBlock: toQuantity(history.oldestBlock),
          baseFeePerGas: history.baseFeePerGas.map(toQuantity),
          baseFeePerBlobGas: history.baseFeePerBlobGas.map(toQuantity),
          gasUsedRatio: history.gasUsedRatio,
          blobGasUsedRatio: history.blobGasUsedRatio,
        };
        if (history.reward !== undefined) out.reward = history.reward.map((tips) => tips.map(toQuantity));
        return out;
      },
    ),
  };
}
