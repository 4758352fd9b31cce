import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { decodeRlp, encodeRlp } from '../../rlp/rlp.js';
import { logFromRlp, logsHash, logToRlp, type Log } from './log.js';

const log: Log = {
  address: hexToBytes('0x0000000000000000000000000000000000000011'),
  topics: [new Uint8Array(32).fill(0xaa), new Uint8Array(32).fill(0xbb)],
  data: hexToBytes('0x0100ff'),
};

describe('log', () => {
  it('round-trips through rlp([address, topics, data])', () => {
    const bytes = encodeRlp(logToRlp(log));
    expect(logFromRlp(decodeRlp(bytes))).toEqual(log);
    expect(logFromRlp(decodeRlp(encodeRlp(logToRlp({ ...log, topics: [], data: new Uint8Array(0) }))))).toEqual({
      ...log,
      topics: [],
      data: new Uint8Array(0),
    });
  });

  // The `logs` hash of a GeneralStateTests case without logs is keccak256(rlp([])).
  it('hashes a log list as keccak256(rlp(logs))', () => {
    expect(bytesToHex(logsHash([]))).toBe('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347');
    expect(logsHash([log])).not.toEqual(logsHash([log, log]));
  });

  it('rejects malformed logs with the part named', () => {
    const item = (a: unknown, t: unknown, d: unknown) => decodeRlp(encodeRlp([a, t, d] as never));
    expect(() => logFromRlp(item(log.address.subarray(1), [], log.data))).toThrow('log address: expected 20 bytes, got 19');
    expect(() => logFromRlp(item(log.address, [new Uint8Array(31)], log.data), 'log 4')).toThrow(
      'log 4 topic 0: expected 32 bytes, got 31',
    );
    expect(() => logFromRlp(item(log.address, new Uint8Array(32), log.data))).toThrow('log topics: expected a list');
    expect(() => logFromRlp(item(log.address, [], []))).toThrow('log data: expected a string, got a list');
    expect(() => logFromRlp(decodeRlp(encodeRlp([log.address, []])))).toThrow('log: expected 3 elements, got 2');
  });
});
