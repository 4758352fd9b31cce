// ChainConfig <-> the `config` object of geth's genesis.json (also what the database stores per genesis hash).
// Field names and order follow geth's params.ChainConfig; unknown fields are ignored, as geth ignores them.
import { bytesToHex } from '../common/bytes.js';
import {
  isAbsent,
  JsonFieldError,
  readAddress,
  readBool,
  readObject,
  readSafeUint,
  readUint,
  type JsonObject,
} from '../common/jsonFields.js';
import { BLOB_SCHEDULE_FORKS, type ChainConfig } from './chainConfig.js';

/** Block-numbered forks, in geth's order. */
const BLOCK_FIELDS = [
  'homesteadBlock',
  'daoForkBlock',
  'eip150Block',
  'eip155Block',
  'eip158Block',
  'byzantiumBlock',
  'constantinopleBlock',
  'petersburgBlock',
  'istanbulBlock',
  'muirGlacierBlock',
  'berlinBlock',
  'londonBlock',
  'arrowGlacierBlock',
  'grayGlacierBlock',
  'mergeNetsplitBlock',
] as const;

/** Timestamp-activated forks, in activation order. */
const TIME_FIELDS = [
  'shanghaiTime',
  'cancunTime',
  'pragueTime',
  'osakaTime',
  'bpo1Time',
  'bpo2Time',
  'bpo3Time',
  'bpo4Time',
  'bpo5Time',
] as const;

/** Reads the `config` object; `path` prefixes field names in errors. */
export function chainConfigFromJson(value: unknown, path = 'config'): ChainConfig {
  const o = readObject(value, path);
  const at = (k: string) => `${path}.${k}`;
  if (isAbsent(o.chainId)) throw new JsonFieldError(at('chainId'), 'missing');
  const config: ChainConfig = { chainId: readUint(o.chainId, at('chainId')) };
  for (const k of BLOCK_FIELDS) if (!isAbsent(o[k])) config[k] = readUint(o[k], at(k), 64);
  if (!isAbsent(o.daoForkSupport)) config.daoForkSupport = readBool(o.daoForkSupport, at('daoForkSupport'));
  for (const k of TIME_FIELDS) if (!isAbsent(o[k])) config[k] = readUint(o[k], at(k), 64);
  if (!isAbsent(o.terminalTotalDifficulty)) {
    config.terminalTotalDifficulty = readUint(o.terminalTotalDifficulty, at('terminalTotalDifficulty'));
  }
  if (!isAbsent(o.terminalTotalDifficultyPassed)) {
    config.terminalTotalDifficultyPassed = readBool(o.terminalTotalDifficultyPassed, at('terminalTotalDifficultyPassed'));
  }
  if (!isAbsent(o.depositContractAddress)) {
    config.depositContractAddress = bytesToHex(readAddress(o.depositContractAddress, at('depositContractAddress')));
  }
  if (!isAbsent(o.ethash)) {
    readObject(o.ethash, at('ethash'));
    config.ethash = true;
  }
  if (!isAbsent(o.clique)) {
    const c = readObject(o.clique, at('clique'));
    config.clique = {
      period: isAbsent(c.period) ? 0 : readSafeUint(c.period, at('clique.period')),
      epoch: isAbsent(c.epoch) ? 0 : readSafeUint(c.epoch, at('clique.epoch')),
    };
  }
  if (!isAbsent(o.blobSchedule)) {
    const s = readObject(o.blobSchedule, at('blobSchedule'));
    config.blobSchedule = {};
    for (const fork of BLOB_SCHEDULE_FORKS) {
      if (isAbsent(s[fork])) continue;
      const f = `blobSchedule.${fork}`;
      const e = readObject(s[fork], at(f));
      for (const k of ['target', 'max', 'baseFeeUpdateFraction']) {
        if (isAbsent(e[k])) throw new JsonFieldError(at(`${f}.${k}`), 'missing');
      }
      config.blobSchedule[fork] = {
        target: readSafeUint(e.target, at(`${f}.target`)),
        max: readSafeUint(e.max, at(`${f}.max`)),
        baseFeeUpdateFraction: readUint(e.baseFeeUpdateFraction, at(`${f}.baseFeeUpdateFraction`), 64),
      };
    }
  }
  return config;
}

/**
 * The config as geth writes it: numbers as JSON numbers (bigints, so a lossless writer keeps big ones exact),
 * absent forks left out.
 */
export function chainConfigToJson(config: ChainConfig): JsonObject {
  const o: JsonObject = { chainId: config.chainId };
  for (const k of BLOCK_FIELDS) {
    o[k] = config[k];
    if (k === 'daoForkBlock') o.daoForkSupport = config.daoForkSupport;
  }
  for (const k of TIME_FIELDS) o[k] = config[k];
  o.terminalTotalDifficulty = config.terminalTotalDifficulty;
  o.terminalTotalDifficultyPassed = config.terminalTotalDifficultyPassed;
  o.depositContractAddress = config.depositContractAddress;
  if (config.ethash) o.ethash = {};
  if (config.clique) o.clique = { period: config.clique.period, epoch: config.clique.epoch };
  if (config.blobSchedule) {
    const s: JsonObject = {};
    for (const fork of BLOB_SCHEDULE_FORKS) {
      const e = config.blobSchedule[fork];
      if (e) s[fork] = { target: e.target, max: e.max, baseFeeUpdateFraction: e.baseFeeUpdateFraction };
    }
    o.blobSchedule = s;
  }
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
