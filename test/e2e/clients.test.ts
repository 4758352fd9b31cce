// The JSON-RPC API as real clients use it: one `geth --dev --http --ws` process, driven by ethers v6 and by viem
// through the same list (deploy a solc-compiled contract, read and write it, logs by query and by WebSocket
// subscription, gas estimates, the three transaction types, revert reasons, batches), then the error codes over raw
// HTTP and a raw WebSocket, compared with what geth answers.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Contract,
  ContractEventPayload,
  ContractFactory,
  FetchRequest,
  JsonRpcProvider,
  Network,
  Wallet,
  WebSocketProvider,
  ZeroHash,
  isError,
  toUtf8String,
  zeroPadValue,
  type EventLog,
  type JsonRpcApiProvider,
  type TransactionResponse,
} from 'ethers';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeErrorResult,
  encodeFunctionData,
  http,
  pad,
  parseAbi,
  parseAbiItem,
  parseEventLogs,
  webSocket,
  type Address,
  type Hex,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { bytesToHex } from '../../src/common/bytes.js';
import { compileSources } from '../integration/solc.js';
import { startDevNode, type DevNode } from './devNode.js';

const CHAIN_ID = 1337;
// Dev accounts 1-3 (account 0 is the dev node's coinbase): one per client so that their nonces never interfere.
const DEV_KEY_1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const DEV_KEY_2 = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const DEV_KEY_3 = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6';
const RECIPIENT = '0x000000000000000000000000000000000000bEEF';
const WAIT_MS = 15_000;

/** Store.sol's interface as human-readable ABI, which both clients take. */
const STORE_SIGNATURES = [
  'function value() view returns (uint256)',
  'function totals(address) view returns (uint256)',
  'function LIMIT() view returns (uint256)',
  'function set(uint256 v)',
  'function get() view returns (uint256)',
  'event ValueSet(address indexed who, uint256 indexed newValue, string note)',
  'error TooLarge(uint256 given, uint256 limit)',
] as const;
const STORE_ABI = parseAbi(STORE_SIGNATURES);
const VALUE_SET = parseAbiItem('event ValueSet(address indexed who, uint256 indexed newValue, string note)');

const chain = defineChain({
  id: CHAIN_ID,
  name: 'tsgeth dev',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: ['http://127.0.0.1'] } },
});

let node: DevNode;
let creationCode: Hex;
let runtimeCode: Hex;

beforeAll(async () => {
  const starting = startDevNode();
  try {
    // solc runs while the node starts (it blocks this thread, not the node's process).
    const source = readFileSync(new URL('../integration/contracts/Store.sol', import.meta.url), 'utf8');
    const store = compileSources({ 'Store.sol': { content: source } }, { evmVersion: 'cancun' }).get('Store')!;
    creationCode = bytesToHex(store.bytecode) as Hex;
    runtimeCode = bytesToHex(store.deployedBytecode) as Hex;
  } finally {
    // Even when solc fails, so that afterAll stops the node.
    node = await starting;
  }
}, 60_000);

afterAll(async () => {
  if (node === undefined) return;
  const run = await node.stop();
  expect(run.signal, run.stderr).toBeNull();
  expect(run.code, run.stderr).toBe(0);
});

/** `promise`, or a rejection naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `check` holds, polling every 10 ms; rejects after `ms`. */
async function until(check: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(10);
  }
}

/** The estimate covers the transaction and is within 10% of what it used (geth's search stops within 1.5%). */
function expectTightEstimate(estimate: bigint, gasUsed: bigint): void {
  expect(gasUsed).toBeLessThanOrEqual(estimate);
  expect(estimate * 100n).toBeLessThanOrEqual(gasUsed * 110n);
}

describe('ethers v6', () => {
  let provider: JsonRpcProvider;
  let wallet: Wallet;
  let store: Contract;
  let storeAddress: string;
  let deployBlock: number;

  beforeAll(() => {
    // cacheTimeout -1: blocks are sealed the moment a transaction arrives, so no answer may be reused.
    provider = new JsonRpcProvider(node.http, CHAIN_ID, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
    wallet = new Wallet(DEV_KEY_1, provider);
  });

  afterAll(() => provider?.destroy());

  it('deploys the contract, calls a view function and waits for a state-changing transaction', async () => {
    const deployed = await new ContractFactory(STORE_SIGNATURES, creationCode, wallet).deploy();
    const deployReceipt = (await deployed.deploymentTransaction()!.wait())!;
    expect(deployReceipt.status).toBe(1);
    storeAddress = await deployed.getAddress();
    expect(deployReceipt.contractAddress).toBe(storeAddress);
    deployBlock = deployReceipt.blockNumber;
    expect(await provider.getCode(storeAddress)).toBe(runtimeCode);
    store = new Contract(storeAddress, STORE_SIGNATURES, wallet);

    expect(await store.get!()).toBe(0n);
    expect(await store.LIMIT!()).toBe(1000n);

    const tx = (await store.set!(42n)) as TransactionResponse;
    const receipt = (await tx.wait())!;
    expect(receipt.status).toBe(1);
    expect(receipt.to).toBe(storeAddress);
    expect(receipt.blockNumber).toBeGreaterThan(deployBlock);
    expect(await store.value!()).toBe(42n);
    expect(await store.totals!(wallet.address)).toBe(42n);
    expect(receipt.logs).toHaveLength(1);
    const parsed = store.interface.parseLog(receipt.logs[0]!)!;
    expect(parsed.name).toBe('ValueSet');
    expect([...parsed.args]).toEqual([wallet.address, 42n, 'stored']);
  });

  it('finds the event with contract.queryFilter and provider.getLogs, filtered by topics', async () => {
    const events = (await store.queryFilter(store.filters.ValueSet!(wallet.address), deployBlock)) as EventLog[];
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe('ValueSet');
    expect([...events[0]!.args]).toEqual([wallet.address, 42n, 'stored']);
    expect(await store.queryFilter(store.filters.ValueSet!(null, 43n), deployBlock)).toHaveLength(0);

    const topic0 = store.interface.getEvent('ValueSet')!.topicHash;
    const logs = await provider.getLogs({
      address: storeAddress,
      topics: [topic0, zeroPadValue(wallet.address, 32), zeroPadValue('0x2a', 32)],
      fromBlock: 0,
      toBlock: 'latest',
    });
    expect(logs).toHaveLength(1);
    expect(logs[0]!.transactionHash).toBe(events[0]!.transactionHash);
    expect(logs[0]!.index).toBe(events[0]!.index);
    // Any of two senders in topic 1: an OR within a position.
    const either = await provider.getLogs({
      address: storeAddress,
      topics: [topic0, [zeroPadValue(RECIPIENT, 32), zeroPadValue(wallet.address, 32)]],
      fromBlock: deployBlock,
    });
    expect(either).toHaveLength(1);
    const inBlock = await provider.getLogs({ blockHash: events[0]!.blockHash, topics: [topic0] });
    expect(inBlock.map((l) => l.transactionHash)).toEqual([events[0]!.transactionHash]);
    expect(await provider.getLogs({ address: RECIPIENT, fromBlock: 0 })).toEqual([]);
  });

  it('delivers the event of a later transaction to WebSocket subscriptions (contract.on)', async () => {
    const ws = new WebSocketProvider(node.ws, Network.from(CHAIN_ID), { cacheTimeout: -1 });
    try {
      const subscribed = subscriptionsAcknowledged(ws, 2);
      const wsStore = new Contract(storeAddress, STORE_SIGNATURES, ws);
      // By name, the listener gets the decoded arguments and then the payload.
      const byName = new Promise<unknown[]>((resolve) => void wsStore.on('ValueSet', (...args: unknown[]) => resolve(args)));
      // By a topic filter (sender in topic 1), ethers passes only the payload, whose log carries the arguments.
      const byTopic = new Promise<ContractEventPayload>(
        (resolve) => void wsStore.on(wsStore.filters.ValueSet!(wallet.address), (payload: ContractEventPayload) => resolve(payload)),
      );
      await within(subscribed, 'eth_subscribe answers');

      const receipt = (await ((await store.set!(77n)) as TransactionResponse).wait())!;
      const [who, newValue, note, payload] = await within(byName, 'ValueSet over WebSocket');
      expect([who, newValue, note]).toEqual([wallet.address, 77n, 'stored']);
      const filtered = await within(byTopic, 'filtered ValueSet over WebSocket');
      for (const log of [(payload as ContractEventPayload).log, filtered.log]) {
        expect(log.transactionHash).toBe(receipt.hash);
        expect(log.blockHash).toBe(receipt.blockHash);
        expect(log.blockNumber).toBe(receipt.blockNumber);
        expect([...log.args]).toEqual([wallet.address, 77n, 'stored']);
      }
      await wsStore.removeAllListeners();
    } finally {
      await ws.destroy();
    }
  });

  it('estimates enough gas, and not much more than is used', async () => {
    const estimate = await store.set!.estimateGas(500n);
    const tx = (await store.set!(500n, { gasLimit: estimate })) as TransactionResponse;
    expect(tx.gasLimit).toBe(estimate);
    const receipt = (await tx.wait())!;
    expect(receipt.status).toBe(1);
    expectTightEstimate(estimate, receipt.gasUsed);

    expect(await provider.estimateGas({ from: wallet.address, to: RECIPIENT, value: 1n })).toBe(21_000n);
    const deployEstimate = await provider.estimateGas({ from: wallet.address, data: creationCode });
    const deployed = await new ContractFactory(STORE_SIGNATURES, creationCode, wallet).deploy({ gasLimit: deployEstimate });
    const deployReceipt = (await deployed.deploymentTransaction()!.wait())!;
    expect(deployReceipt.status).toBe(1);
    expectTightEstimate(deployEstimate, deployReceipt.gasUsed);
  });

  it('sends legacy, EIP-2930 and EIP-1559 transactions and reads their fields back', async () => {
    const fees = await provider.getFeeData();
    const gasPrice = fees.gasPrice!;
    const baseFee = (await provider.getBlock('latest'))!.baseFeePerGas!;
    expect(gasPrice).toBeGreaterThan(baseFee);

    const legacy = await wallet.sendTransaction({ type: 0, to: RECIPIENT, value: 1n, gasPrice });
    const legacyReceipt = (await legacy.wait())!;
    expect(legacyReceipt.type).toBe(0);
    expect(legacyReceipt.status).toBe(1);
    const legacyBack = (await provider.getTransaction(legacy.hash))!;
    expect(legacyBack.type).toBe(0);
    expect(legacyBack.gasPrice).toBe(gasPrice);
    expect(legacyBack.maxFeePerGas).toBeNull();
    expect(legacyBack.chainId).toBe(BigInt(CHAIN_ID));
    // EIP-155: v carries the chain id.
    expect([CHAIN_ID * 2 + 35, CHAIN_ID * 2 + 36]).toContain(Number(legacyBack.signature.networkV));
    expect(legacyBack.from).toBe(wallet.address);
    expect(legacyBack.value).toBe(1n);

    const accessList = [{ address: storeAddress, storageKeys: [ZeroHash] }];
    const withList = (await store.set!(101n, { type: 1, accessList, gasPrice })) as TransactionResponse;
    const withListReceipt = (await withList.wait())!;
    expect(withListReceipt.type).toBe(1);
    expect(withListReceipt.status).toBe(1);
    const withListBack = (await provider.getTransaction(withList.hash))!;
    expect(withListBack.type).toBe(1);
    expect(withListBack.gasPrice).toBe(gasPrice);
    expect(withListBack.accessList).toEqual(accessList);
    expect(withListBack.data).toBe(store.interface.encodeFunctionData('set', [101n]));
    expect(withListBack.maxFeePerGas).toBeNull();
    expect(await store.value!()).toBe(101n);

    const maxFeePerGas = fees.maxFeePerGas!;
    const maxPriorityFeePerGas = fees.maxPriorityFeePerGas!;
    const dynamic = await wallet.sendTransaction({ type: 2, to: RECIPIENT, value: 2n, maxFeePerGas, maxPriorityFeePerGas });
    const dynamicReceipt = (await dynamic.wait())!;
    expect(dynamicReceipt.type).toBe(2);
    expect(dynamicReceipt.status).toBe(1);
    const dynamicBack = (await provider.getTransaction(dynamic.hash))!;
    expect(dynamicBack.type).toBe(2);
    expect(dynamicBack.maxFeePerGas).toBe(maxFeePerGas);
    expect(dynamicBack.maxPriorityFeePerGas).toBe(maxPriorityFeePerGas);
    expect(dynamicBack.accessList).toEqual([]);
    // A mined dynamic-fee transaction reports the price it paid: base fee plus the (capped) tip.
    const dynamicBlock = (await provider.getBlock(dynamicReceipt.blockNumber))!;
    const paid = dynamicBlock.baseFeePerGas! + maxPriorityFeePerGas;
    const effective = paid < maxFeePerGas ? paid : maxFeePerGas;
    expect(dynamicBack.gasPrice).toBe(effective);
    expect(dynamicReceipt.gasPrice).toBe(effective);
  });

  it('reports revert reasons and custom errors from eth_call and eth_estimateGas', async () => {
    for (const [label, attempt] of [
      ['eth_call', (v: bigint) => store.set!.staticCall(v)],
      ['eth_estimateGas', (v: bigint) => store.set!.estimateGas(v)],
    ] as const) {
      const reason = await attempt(13n).then(
        () => expect.fail(`${label} of set(13) succeeded`),
        (e: unknown) => e,
      );
      expect(isError(reason, 'CALL_EXCEPTION'), `${label}: ${String(reason)}`).toBe(true);
      if (!isError(reason, 'CALL_EXCEPTION')) return;
      expect(reason.reason).toBe('unlucky number');
      expect(reason.revert).toMatchObject({ name: 'Error', args: ['unlucky number'] });

      const custom = await attempt(2000n).then(
        () => expect.fail(`${label} of set(2000) succeeded`),
        (e: unknown) => e,
      );
      expect(isError(custom, 'CALL_EXCEPTION'), `${label}: ${String(custom)}`).toBe(true);
      if (!isError(custom, 'CALL_EXCEPTION')) return;
      expect(custom.data).toBe(store.interface.encodeErrorResult('TooLarge', [2000n, 1000n]));
      // The contract decodes its own errors for calls; an estimate's error carries the data to decode.
      if (label === 'eth_call') {
        expect(custom.revert?.name).toBe('TooLarge');
        expect([...custom.revert!.args]).toEqual([2000n, 1000n]);
      }
      const decoded = store.interface.parseError(custom.data!)!;
      expect(decoded.name).toBe('TooLarge');
      expect([...decoded.args]).toEqual([2000n, 1000n]);
    }

    // Sent anyway (a fixed gas limit skips the estimate): mined with status 0, and wait() says so.
    const tx = (await store.set!(13n, { gasLimit: 100_000n })) as TransactionResponse;
    const failed = await tx.wait().then(
      () => expect.fail('a reverting transaction was reported as a success'),
      (e: unknown) => e,
    );
    expect(isError(failed, 'CALL_EXCEPTION')).toBe(true);
    if (isError(failed, 'CALL_EXCEPTION')) expect(failed.receipt?.status).toBe(0);
  });

  it('sends several calls in one JSON-RPC batch over HTTP and matches each answer', async () => {
    const bodies: unknown[] = [];
    const connection = new FetchRequest(node.http);
    const fetchUrl = FetchRequest.createGetUrlFunc();
    connection.getUrlFunc = (request, signal) => {
      bodies.push(JSON.parse(toUtf8String(request.body!)));
      return fetchUrl(request, signal);
    };
    const batching = new JsonRpcProvider(connection, CHAIN_ID, { staticNetwork: true, cacheTimeout: -1, batchStallTime: 50 });
    try {
      const reader = new Contract(storeAddress, STORE_SIGNATURES, batching);
      const [number, balance, nonce, value, code] = await Promise.all([
        batching.getBlockNumber(),
        batching.getBalance(RECIPIENT),
        batching.getTransactionCount(wallet.address),
        reader.get!() as Promise<bigint>,
        batching.getCode(storeAddress),
      ]);
      const batches = bodies.filter(Array.isArray) as { method: string }[][];
      expect(batches).toHaveLength(1);
      expect(batches[0]!.map((r) => r.method).sort()).toEqual(
        ['eth_blockNumber', 'eth_call', 'eth_getBalance', 'eth_getCode', 'eth_getTransactionCount'].sort(),
      );
      expect(number).toBe(await provider.getBlockNumber());
      expect(balance).toBe(3n);
      expect(nonce).toBe(await provider.getTransactionCount(wallet.address));
      expect(value).toBe(101n);
      expect(code).toBe(runtimeCode);
    } finally {
      batching.destroy();
    }
  });
});

/**
 * Resolves when `provider` has the answers to its next `count` eth_subscribe requests (ethers sends them in the
 * background, after contract.on has returned).
 */
function subscriptionsAcknowledged(provider: JsonRpcApiProvider, count: number): Promise<void> {
  return new Promise((resolve) => {
    const pending = new Set<unknown>();
    let answered = 0;
    const onDebug = (info: { action: string; payload?: { id: unknown; method: string }; result?: { id: unknown }[] }) => {
      if (info.action === 'sendRpcPayload' && info.payload?.method === 'eth_subscribe') pending.add(info.payload.id);
      if (info.action === 'receiveRpcResult' && pending.delete(info.result?.[0]?.id)) answered++;
      if (answered === count) {
        void provider.off('debug', onDebug);
        resolve();
      }
    };
    void provider.on('debug', onDebug);
  });
}

describe('viem', () => {
  const account = privateKeyToAccount(DEV_KEY_2);
  let client: ReturnType<typeof publicClientFor>;
  let wallet: ReturnType<typeof walletClientFor>;
  let storeAddress: Address;
  let deployBlock: bigint;

  function publicClientFor(url: string) {
    return createPublicClient({ chain, transport: http(url), pollingInterval: 50 });
  }
  function walletClientFor(url: string) {
    return createWalletClient({ account, chain, transport: http(url), pollingInterval: 50 });
  }

  beforeAll(() => {
    client = publicClientFor(node.http);
    wallet = walletClientFor(node.http);
  });

  const mined = (hash: Hex) => client.waitForTransactionReceipt({ hash, pollingInterval: 50, timeout: WAIT_MS });

  it('deploys the contract, calls a view function and waits for a state-changing transaction', async () => {
    const deployReceipt = await mined(await wallet.deployContract({ abi: STORE_ABI, bytecode: creationCode }));
    expect(deployReceipt.status).toBe('success');
    storeAddress = deployReceipt.contractAddress!;
    deployBlock = deployReceipt.blockNumber;
    expect(await client.getCode({ address: storeAddress })).toBe(runtimeCode);

    expect(await client.readContract({ address: storeAddress, abi: STORE_ABI, functionName: 'get' })).toBe(0n);
    expect(await client.readContract({ address: storeAddress, abi: STORE_ABI, functionName: 'LIMIT' })).toBe(1000n);

    const receipt = await mined(await wallet.writeContract({ address: storeAddress, abi: STORE_ABI, functionName: 'set', args: [42n] }));
    expect(receipt.status).toBe('success');
    expect(receipt.to).toBe(storeAddress.toLowerCase());
    expect(await client.readContract({ address: storeAddress, abi: STORE_ABI, functionName: 'value' })).toBe(42n);
    expect(await client.readContract({ address: storeAddress, abi: STORE_ABI, functionName: 'totals', args: [account.address] })).toBe(42n);
    const events = parseEventLogs({ abi: STORE_ABI, logs: receipt.logs });
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe('ValueSet');
    expect(events[0]!.args).toEqual({ who: account.address, newValue: 42n, note: 'stored' });
  });

  it('finds the event with getContractEvents and getLogs, filtered by topics', async () => {
    const events = await client.getContractEvents({
      address: storeAddress,
      abi: STORE_ABI,
      eventName: 'ValueSet',
      args: { who: account.address },
      fromBlock: deployBlock,
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.args).toEqual({ who: account.address, newValue: 42n, note: 'stored' });

    const byValue = await client.getLogs({ address: storeAddress, event: VALUE_SET, args: { newValue: 42n }, fromBlock: 0n, toBlock: 'latest' });
    expect(byValue).toHaveLength(1);
    expect(byValue[0]!.transactionHash).toBe(events[0]!.transactionHash);
    expect(byValue[0]!.topics).toEqual([
      events[0]!.topics[0],
      pad(account.address.toLowerCase() as Hex, { size: 32 }),
      pad('0x2a', { size: 32 }),
    ]);
    expect(await client.getLogs({ address: storeAddress, event: VALUE_SET, args: { newValue: 43n }, fromBlock: 0n })).toEqual([]);
    expect(await client.getLogs({ address: storeAddress, event: VALUE_SET, args: { who: RECIPIENT }, fromBlock: 0n })).toEqual([]);
  });

  it('delivers the event of a later transaction to a WebSocket subscription (watchContractEvent)', async () => {
    const wsClient = createPublicClient({ chain, transport: webSocket(node.ws) });
    const rpc = await wsClient.transport.getRpcClient();
    try {
      const seen: { transactionHash: Hex | null; args: unknown }[] = [];
      const errors: Error[] = [];
      const unwatch = wsClient.watchContractEvent({
        address: storeAddress,
        abi: STORE_ABI,
        eventName: 'ValueSet',
        args: { who: account.address },
        onLogs: (logs) => seen.push(...logs),
        onError: (e) => errors.push(e),
      });
      // The subscription id is in the client's table once the node has answered eth_subscribe.
      await until(() => rpc.subscriptions.size === 1 || errors.length > 0, 'eth_subscribe answer');
      expect(errors).toEqual([]);

      const receipt = await mined(await wallet.writeContract({ address: storeAddress, abi: STORE_ABI, functionName: 'set', args: [77n] }));
      await until(() => seen.length > 0 || errors.length > 0, 'ValueSet over WebSocket');
      expect(errors).toEqual([]);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.transactionHash).toBe(receipt.transactionHash);
      expect(seen[0]!.args).toEqual({ who: account.address, newValue: 77n, note: 'stored' });
      unwatch();
    } finally {
      rpc.close();
    }
  });

  it('estimates enough gas, and not much more than is used', async () => {
    const estimate = await client.estimateContractGas({ address: storeAddress, abi: STORE_ABI, functionName: 'set', args: [500n], account });
    const hash = await wallet.writeContract({ address: storeAddress, abi: STORE_ABI, functionName: 'set', args: [500n], gas: estimate });
    const receipt = await mined(hash);
    expect(receipt.status).toBe('success');
    expect((await client.getTransaction({ hash })).gas).toBe(estimate);
    expectTightEstimate(estimate, receipt.gasUsed);

    expect(await client.estimateGas({ account, to: RECIPIENT, value: 1n })).toBe(21_000n);
    const deployEstimate = await client.estimateGas({ account, data: creationCode });
    const deployReceipt = await mined(await wallet.deployContract({ abi: STORE_ABI, bytecode: creationCode, gas: deployEstimate }));
    expect(deployReceipt.status).toBe('success');
    expectTightEstimate(deployEstimate, deployReceipt.gasUsed);
  });

  it('sends legacy, EIP-2930 and EIP-1559 transactions and reads their fields back', async () => {
    const gasPrice = await client.getGasPrice();
    const { maxFeePerGas, maxPriorityFeePerGas } = await client.estimateFeesPerGas();

    const legacyHash = await wallet.sendTransaction({ type: 'legacy', to: RECIPIENT, value: 1n, gasPrice });
    const legacyReceipt = await mined(legacyHash);
    expect(legacyReceipt.type).toBe('legacy');
    expect(legacyReceipt.status).toBe('success');
    const legacy = await client.getTransaction({ hash: legacyHash });
    expect(legacy.type).toBe('legacy');
    expect(legacy.gasPrice).toBe(gasPrice);
    expect(legacy.chainId).toBe(CHAIN_ID);
    expect([BigInt(CHAIN_ID * 2 + 35), BigInt(CHAIN_ID * 2 + 36)]).toContain(legacy.v);
    expect((legacy as { maxFeePerGas?: bigint }).maxFeePerGas).toBeUndefined();

    const accessList = [{ address: storeAddress, storageKeys: [pad('0x0', { size: 32 })] }];
    const data = encodeFunctionData({ abi: STORE_ABI, functionName: 'set', args: [101n] });
    const withListHash = await wallet.sendTransaction({ type: 'eip2930', to: storeAddress, data, accessList, gasPrice });
    const withListReceipt = await mined(withListHash);
    expect(withListReceipt.type).toBe('eip2930');
    expect(withListReceipt.status).toBe('success');
    const withList = await client.getTransaction({ hash: withListHash });
    expect(withList.type).toBe('eip2930');
    expect(withList.gasPrice).toBe(gasPrice);
    expect(withList.accessList).toEqual([{ address: storeAddress.toLowerCase(), storageKeys: accessList[0]!.storageKeys }]);
    expect(withList.input).toBe(data);
    expect(withList.chainId).toBe(CHAIN_ID);
    expect([0, 1]).toContain(withList.yParity);

    const dynamicHash = await wallet.sendTransaction({ type: 'eip1559', to: RECIPIENT, value: 2n, maxFeePerGas, maxPriorityFeePerGas });
    const dynamicReceipt = await mined(dynamicHash);
    expect(dynamicReceipt.type).toBe('eip1559');
    expect(dynamicReceipt.status).toBe('success');
    const dynamic = await client.getTransaction({ hash: dynamicHash });
    expect(dynamic.type).toBe('eip1559');
    expect(dynamic.maxFeePerGas).toBe(maxFeePerGas);
    expect(dynamic.maxPriorityFeePerGas).toBe(maxPriorityFeePerGas);
    expect(dynamic.accessList).toEqual([]);
    const block = await client.getBlock({ blockNumber: dynamicReceipt.blockNumber });
    const paid = block.baseFeePerGas! + maxPriorityFeePerGas;
    const effective = paid < maxFeePerGas ? paid : maxFeePerGas;
    expect(dynamic.gasPrice).toBe(effective);
    expect(dynamicReceipt.effectiveGasPrice).toBe(effective);

    // The fields each type has on the wire, as geth's RPCTransaction gives them.
    const fieldsOf = async (hash: Hex) =>
      Object.keys((await client.request({ method: 'eth_getTransactionByHash', params: [hash] })) as object).sort();
    const common = ['blockHash', 'blockNumber', 'blockTimestamp', 'from', 'gas', 'gasPrice', 'hash', 'input', 'nonce', 'r', 's'];
    const tail = ['to', 'transactionIndex', 'type', 'v', 'value'];
    expect(await fieldsOf(legacyHash)).toEqual([...common, 'chainId', ...tail].sort());
    expect(await fieldsOf(withListHash)).toEqual([...common, 'accessList', 'chainId', 'yParity', ...tail].sort());
    expect(await fieldsOf(dynamicHash)).toEqual(
      [...common, 'accessList', 'chainId', 'maxFeePerGas', 'maxPriorityFeePerGas', 'yParity', ...tail].sort(),
    );
  });

  it('reports revert reasons and custom errors from eth_call and eth_estimateGas', async () => {
    const attempts = {
      eth_call: (v: bigint) => client.simulateContract({ address: storeAddress, abi: STORE_ABI, functionName: 'set', args: [v], account }),
      eth_estimateGas: (v: bigint) =>
        client.estimateContractGas({ address: storeAddress, abi: STORE_ABI, functionName: 'set', args: [v], account }),
    };
    for (const [label, attempt] of Object.entries(attempts)) {
      const reverted = async (v: bigint): Promise<ContractFunctionRevertedError> => {
        const error = await attempt(v).then(
          () => expect.fail(`${label} of set(${v}) succeeded`),
          (e: unknown) => e,
        );
        expect(error, `${label}: ${String(error)}`).toBeInstanceOf(BaseError);
        const cause = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
        expect(cause, `${label}: ${String(error)}`).toBeInstanceOf(ContractFunctionRevertedError);
        return cause as ContractFunctionRevertedError;
      };
      const reason = await reverted(13n);
      expect(reason.reason).toBe('unlucky number');
      expect(reason.data?.errorName).toBe('Error');

      const custom = await reverted(2000n);
      expect(custom.data?.errorName).toBe('TooLarge');
      expect(custom.data?.args).toEqual([2000n, 1000n]);
      expect(custom.raw).toBe(encodeErrorResult({ abi: STORE_ABI, errorName: 'TooLarge', args: [2000n, 1000n] }));
    }
  });

  it('sends several calls in one JSON-RPC batch over HTTP (batch: true) and matches each answer', async () => {
    const bodies: unknown[] = [];
    const batching = createPublicClient({
      chain,
      transport: http(node.http, { batch: true, onFetchRequest: (_request, init) => void bodies.push(JSON.parse(init.body as string)) }),
    });
    const [number, balance, nonce, value, code] = await Promise.all([
      batching.getBlockNumber({ cacheTime: 0 }),
      batching.getBalance({ address: RECIPIENT }),
      batching.getTransactionCount({ address: account.address }),
      batching.readContract({ address: storeAddress, abi: STORE_ABI, functionName: 'get' }),
      batching.getCode({ address: storeAddress }),
    ]);
    expect(bodies).toHaveLength(1);
    const batch = bodies[0] as { method: string }[];
    expect(Array.isArray(batch)).toBe(true);
    expect(batch.map((r) => r.method).sort()).toEqual(
      ['eth_blockNumber', 'eth_call', 'eth_getBalance', 'eth_getCode', 'eth_getTransactionCount'].sort(),
    );
    expect(number).toBe(await client.getBlockNumber({ cacheTime: 0 }));
    // The ethers block sent 3 wei to RECIPIENT, this one 3 more.
    expect(balance).toBe(6n);
    expect(nonce).toBe(await client.getTransactionCount({ address: account.address }));
    expect(value).toBe(101n);
    expect(code).toBe(runtimeCode);
  });
});

interface RpcReply {
  jsonrpc: string;
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** A raw JSON-RPC text over HTTP; JSON-RPC errors still come back with status 200, as geth sends them. */
async function postRaw(url: string, body: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return res.json();
}

/** A raw WebSocket that sends one text at a time and returns the next message. */
async function openRawWs(url: string): Promise<{ send(body: string): Promise<unknown>; close(): void }> {
  const socket = new WebSocket(url);
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    }),
    'WebSocket open',
  );
  return {
    send: (body) =>
      within(
        new Promise<unknown>((resolve, reject) => {
          socket.once('message', (data) => resolve(JSON.parse(String(data))));
          socket.send(body, (e) => e && reject(e));
        }),
        `answer to ${body}`,
      ),
    close: () => socket.close(),
  };
}

describe('error codes over raw HTTP and a raw WebSocket', () => {
  const owner = privateKeyToAccount(DEV_KEY_3);
  const broke = privateKeyToAccount(generatePrivateKey());
  let storeAddress: Address;
  let staleTx: Hex;
  let unaffordableTx: Hex;
  let unaffordableCost: bigint;
  let ws: Awaited<ReturnType<typeof openRawWs>>;

  const request = (method: string, params: unknown[] = [], id: unknown = 1) => JSON.stringify({ jsonrpc: '2.0', id, method, params });

  beforeAll(async () => {
    const client = createPublicClient({ chain, transport: http(node.http), pollingInterval: 50 });
    const wallet = createWalletClient({ account: owner, chain, transport: http(node.http) });
    const hash = await wallet.deployContract({ abi: STORE_ABI, bytecode: creationCode });
    storeAddress = (await client.waitForTransactionReceipt({ hash, pollingInterval: 50, timeout: WAIT_MS })).contractAddress!;
    const fees = { maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n, gas: 21_000n, chainId: CHAIN_ID } as const;
    // Nonce 0 again: the deployment used it.
    staleTx = await owner.signTransaction({ type: 'eip1559', to: RECIPIENT, value: 1n, nonce: 0, ...fees });
    unaffordableTx = await broke.signTransaction({ type: 'eip1559', to: RECIPIENT, value: 1n, nonce: 0, ...fees });
    unaffordableCost = 21_000n * fees.maxFeePerGas + 1n;
    ws = await openRawWs(node.ws);
  });

  afterAll(() => ws?.close());

  const transports = {
    http: (body: string) => postRaw(node.http, body),
    ws: (body: string) => ws.send(body),
  };

  describe.each(Object.keys(transports) as (keyof typeof transports)[])('%s', (name) => {
    const send = async (body: string) => (await transports[name](body)) as RpcReply;

    it('-32600 for requests that are not JSON-RPC calls, with the id when it is valid', async () => {
      for (const body of ['{"jsonrpc":"2.0"}', '42', '"eth_chainId"', 'null', '{"jsonrpc":"2.0","id":{"a":1},"method":"eth_chainId"}']) {
        const reply = await send(body);
        expect(reply, body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
        expect(reply.error!.message, body).toMatch(/^invalid request/);
      }
      expect(await send('{"id":7,"method":"eth_chainId"}')).toMatchObject({ id: 7, error: { code: -32600 } });
      expect(await send('[]')).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'empty batch' } });
    });

    it('-32601 for a method that does not exist, with geth\'s message', async () => {
      expect(await send(request('eth_noSuchMethod', [], 'abc'))).toEqual({
        jsonrpc: '2.0',
        id: 'abc',
        error: { code: -32601, message: 'the method eth_noSuchMethod does not exist/is not available' },
      });
      // A namespace the transport does not serve is the same to a caller.
      expect(await send(request('debug_getRawHeader', ['latest']))).toMatchObject({ error: { code: -32601 } });
    });

    it('-32602 for a bad address, a bad block tag and a missing argument', async () => {
      const badAddress = await send(request('eth_getBalance', ['0x1234', 'latest']));
      expect(badAddress).toMatchObject({ id: 1, error: { code: -32602 } });
      expect(badAddress.error!.message).toMatch(/^invalid argument 0\b.*hex string has length 4, want 40/);

      const badTag = await send(request('eth_getBalance', [owner.address, 'lastest']));
      expect(badTag).toMatchObject({ id: 1, error: { code: -32602 } });
      expect(badTag.error!.message).toMatch(/^invalid argument 1\b.*hex string without 0x prefix/);

      const missing = await send(request('eth_getBlockByNumber', ['latest']));
      expect(missing).toMatchObject({ id: 1, error: { code: -32602 } });
      expect(missing.error!.message).toMatch(/^missing value for required argument 1\b/);

      expect(await send(request('eth_getBlockByNumber', { 0: 'latest' } as unknown as unknown[]))).toMatchObject({
        error: { code: -32602, message: 'non-array args' },
      });
    });

    it('3 with the revert data for an eth_call that reverts', async () => {
      const call = (v: bigint) => ({ from: owner.address, to: storeAddress, data: encodeFunctionData({ abi: STORE_ABI, functionName: 'set', args: [v] }) });
      expect(await send(request('eth_call', [call(13n), 'latest']))).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: {
          code: 3,
          message: 'execution reverted: unlucky number',
          data: encodeErrorResult({ abi: parseAbi(['error Error(string)']), errorName: 'Error', args: ['unlucky number'] }),
        },
      });
      expect(await send(request('eth_call', [call(2000n), 'latest']))).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: { code: 3, message: 'execution reverted', data: encodeErrorResult({ abi: STORE_ABI, errorName: 'TooLarge', args: [2000n, 1000n] }) },
      });
      // eth_estimateGas reverts the same way.
      expect(await send(request('eth_estimateGas', [call(13n)]))).toMatchObject({
        error: { code: 3, message: 'execution reverted: unlucky number' },
      });
      expect(await send(request('eth_call', [call(7n), 'latest']))).toEqual({ jsonrpc: '2.0', id: 1, result: '0x' });
    });

    it('-32000 for a transaction with a stale nonce or without the funds to pay for it', async () => {
      expect(await send(request('eth_sendRawTransaction', [staleTx]))).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32000, message: 'nonce too low: next nonce 1, tx nonce 0' },
      });
      expect(await send(request('eth_sendRawTransaction', [unaffordableTx]))).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: {
          code: -32000,
          message: `insufficient funds for gas * price + value: balance 0, tx cost ${unaffordableCost}, overshot ${unaffordableCost}`,
        },
      });
    });

    it('answers a batch mixing good and bad calls in order', async () => {
      const reply = await send(`[${request('eth_chainId', [], 1)},42,${request('eth_nope', [], 2)},{"jsonrpc":"2.0","method":"eth_chainId"}]`);
      expect(reply).toEqual([
        { jsonrpc: '2.0', id: 1, result: '0x539' },
        expect.objectContaining({ id: null, error: expect.objectContaining({ code: -32600 }) }),
        { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'the method eth_nope does not exist/is not available' } },
      ]);
    });

    // Last: geth closes a WebSocket after a parse error, so nothing is sent on this one afterwards.
    it('-32700 for malformed JSON', async () => {
      const reply = await send('{"jsonrpc":"2.0","id":1,"method":');
      expect(reply).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
      if (name === 'http') expect(reply.error!.message).toBe('parse error');
    });
  });
});
