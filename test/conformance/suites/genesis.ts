// GenesisTests/basic_genesis_tests.json: each test is a genesis spec without a chain config (Frontier) plus
// `result`, the RLP of the genesis block it must produce.
import { readFileSync } from 'node:fs';
import { bytesEqual, bytesToHex, hexToBytes } from '../../../src/common/bytes.js';
import { parseJsonLossless } from '../../../src/common/losslessJson.js';
import { parseGenesis } from '../../../src/core/genesis/genesis.js';
import { genesisBlock } from '../../../src/core/genesis/genesisBlock.js';
import { encodeBlock } from '../../../src/core/types/block.js';
import { configForFork } from '../../../src/params/forks.js';
import { isRecord, runCase, type CaseResult, type Suite } from '../suite.js';

export const genesisSuite: Suite = {
  name: 'genesis',
  async runFile(file, content) {
    if (!isRecord(content) || !Object.values(content).every((t) => isRecord(t) && typeof t.result === 'string')) {
      return undefined;
    }
    // Re-read without rounding: balances may be integers beyond 2^53.
    const tests = parseJsonLossless(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    const results: CaseResult[] = [];
    for (const [name, test] of Object.entries(tests)) {
      results.push(
        await runCase(name, () => {
          const { result, ...spec } = test;
          const block = genesisBlock(parseGenesis(spec, { defaultConfig: configForFork('Frontier') }));
          const got = encodeBlock(block);
          if (!bytesEqual(got, hexToBytes(result as string))) {
            throw new Error(`genesis block rlp ${bytesToHex(got)}, want 0x${result as string}`);
          }
        }),
      );
    }
    return results;
  },
};
