import { beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex } from '../common/bytes.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import { asm } from '../core/vm/testEvm.js';
import { createAccessList } from './accessListCreation.js';
import type { SimulationEnvironment } from './evmCall.js';
import { simulationEnvironment } from './simulation.js';
import { COUNTER, RECIPIENT, SENDER, simulationChain } from './simulationTestChain.js';
import { RpcStateCache } from './stateCache.js';

let chain: Blockchain;
let env: SimulationEnvironment;

beforeAll(async () => {
  chain = await simulationChain();
  const header = chain.currentHeader;
  const target = { header, stateRoot: chain.stateRootOf(header), overrides: undefined };
  env = simulationEnvironment(chain, new RpcStateCache(chain.stateDatabase), target, { timeoutMs: 5_000 });
});

const word = (n: bigint): string => bytesToHex(bigintToFixedBytes(n, 32));
const GAS = 1_000_000n;

describe('createAccessList', () => {
  it('lists the slots the call touches; handed back, the list reproduces itself at the same cost', async () => {
    const first = await createAccessList(env, { from: SENDER, to: COUNTER }, GAS);
    expect(first).toEqual({ accessList: [{ address: bytesToHex(COUNTER), storageKeys: [word(0n)] }], gasUsed: expect.any(String) });
    const given = [{ address: COUNTER, storageKeys: [bigintToFixedBytes(0n, 32)] }];
    expect(await createAccessList(env, { from: SENDER, to: COUNTER, accessList: given }, GAS)).toEqual(first);
  });

  it('leaves out the contract a creation makes, and lists the accounts its code inspects', async () => {
    const initcode = asm(`PUSH20 ${bytesToHex(RECIPIENT)} BALANCE POP ADDRESS BALANCE POP STOP`);
    const result = await createAccessList(env, { from: SENDER, input: initcode }, GAS);
    expect(result.accessList).toEqual([{ address: bytesToHex(RECIPIENT), storageKeys: [] }]);
  });

  it('answers a message the state refuses with geth\'s "failed to apply transaction"', async () => {
    await expect(createAccessList(env, { from: RECIPIENT, to: COUNTER, value: 10n ** 30n }, GAS)).rejects.toThrow(
      /^failed to apply transaction: insufficient funds for gas \* price \+ value/,
    );
  });
});
