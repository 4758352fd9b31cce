// An EVM worker thread (see evmWorkerPool.ts): runs the simulations the main thread hands it, one at a time, from
// scratch, over the main thread's store (remoteStore.ts), and posts back each answer or failure. Its tries and
// code stay cached between jobs, as the main thread's do (states under a root never change).
import { parentPort, workerData } from 'node:worker_threads';
import { StateDatabase } from '../core/state/stateDatabase.js';
import { readHeader } from '../core/rawdb/headers.js';
import { decodeHeader } from '../core/types/header.js';
import { chainConfigFromJson } from '../params/chainConfigJson.js';
import { failureData, type SimulationJob, type WorkerMessage, type WorkerSetup } from './evmWorkerProtocol.js';
import type { CallChain } from './evmCall.js';
import { RemoteStoreReader } from './remoteStore.js';
import { simulate, simulationEnvironment } from './simulation.js';
import { RpcStateCache } from './stateCache.js';

const port = parentPort;
if (port === null) throw new Error('evmWorker: not running in a worker thread');
const setup = workerData as WorkerSetup;
const store = new RemoteStoreReader(port, setup.replies, setup.signal);
const states = new RpcStateCache(new StateDatabase(store));
const config = chainConfigFromJson(setup.config);

const post = (message: WorkerMessage): void => port.postMessage(message);

async function run(job: SimulationJob): Promise<unknown> {
  const header = decodeHeader(job.header);
  const chain: CallChain = {
    config,
    getHeader: (hash, number) => (number < 0n ? undefined : readHeader(store, hash, number)),
    engine: { author: () => job.coinbase },
  };
  const target = { header, stateRoot: job.stateRoot, overrides: job.overrides };
  const limits = { timeoutMs: job.timeoutMs, startedAt: performance.now() - job.spentMs };
  return simulate(simulationEnvironment(chain, states, target, limits), job.request);
}

port.on('message', (job: SimulationJob) => {
  run(job).then(
    (result) => post({ type: 'done', id: job.id, result }),
    (e: unknown) => post({ type: 'failed', id: job.id, failure: failureData(e) }),
  );
});
