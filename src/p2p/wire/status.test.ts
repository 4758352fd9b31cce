import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { ForkIdError, type ForkId } from './forkId.js';
import { checkStatus, statusCodec, StatusMismatchError, WIRE_PROTOCOL_VERSION, type Status } from './status.js';
import { fill, fuzzDecode, junkInputs, rejectionOf } from './testMessages.js';

const STATUS: Status = {
  protocolVersion: WIRE_PROTOCOL_VERSION,
  networkId: 1337n,
  chainId: 1337n,
  totalDifficulty: 131072n,
  headHash: fill(0xaa, 32),
  headNumber: 42n,
  genesisHash: fill(0x99, 32),
  forkId: { hash: hexToBytes('0xdeadbeef'), next: 0n },
};

const acceptAll = (): void => {};

/** The status fields as the encoder lays them out, with one replaced (to build malformed messages). */
function fieldsWith(index: number, value: Uint8Array | Uint8Array[]): Uint8Array {
  const fields: (Uint8Array | bigint | number | (Uint8Array | bigint)[])[] = [
    STATUS.protocolVersion,
    STATUS.networkId,
    STATUS.chainId,
    STATUS.totalDifficulty,
    STATUS.headHash,
    STATUS.headNumber,
    STATUS.genesisHash,
    [STATUS.forkId.hash, STATUS.forkId.next],
  ];
  fields[index] = value;
  return encodeRlp(fields);
}

describe('Status', () => {
  it('round-trips', () => {
    const bytes = statusCodec.encode(STATUS);
    expect(statusCodec.decode(bytes)).toEqual(STATUS);
    expect(bytesToHex(statusCodec.encode(statusCodec.decode(bytes)))).toBe(bytesToHex(bytes));
  });

  it.each([
    ['a missing field', encodeRlp([1, 1337n, 1337n]), 'status: expected 8 elements, got 3'],
    ['a 31-byte head hash', fieldsWith(4, fill(1, 31)), 'headHash: expected 32 bytes, got 31'],
    ['a 33-byte genesis hash', fieldsWith(6, fill(1, 33)), 'genesisHash: expected 32 bytes, got 33'],
    ['a 9-byte network id', fieldsWith(1, fill(1, 9)), 'networkId: integer longer than 8 bytes'],
    ['a 33-byte total difficulty', fieldsWith(3, fill(1, 33)), 'totalDifficulty: integer longer than 32 bytes'],
    ['a version with a leading zero', fieldsWith(0, Uint8Array.of(0, 1)), 'protocolVersion: integer has a leading zero'],
    ['a head number that is a list', fieldsWith(5, []), 'headNumber: expected a string, got a list'],
    ['a fork id that is a string', fieldsWith(7, fill(1, 4)), 'forkId: expected a list, got a string'],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(rejectionOf(statusCodec, bytes)).toContain(reason);
  });

  it.each(junkInputs(statusCodec.encode(STATUS)))('refuses %s', (_name, bytes) => {
    expect(rejectionOf(statusCodec, bytes)).toMatch(/^invalid Status message: /);
  });

  it('survives corrupted messages', () => {
    expect(fuzzDecode(statusCodec, statusCodec.encode(STATUS))).toBeGreaterThan(0);
  });
});

describe('checkStatus', () => {
  it('accepts a peer on the same chain', () => {
    expect(() => checkStatus(STATUS, { ...STATUS, headNumber: 7n, headHash: fill(3, 32) }, acceptAll)).not.toThrow();
  });

  it.each([
    ['network id', { networkId: 1n }, 'network id mismatch: 1 (!= 1337)'],
    ['protocol version', { protocolVersion: 2 }, 'protocol version mismatch: 2 (!= 1)'],
    ['genesis', { genesisHash: fill(0x11, 32) }, `genesis mismatch: ${bytesToHex(fill(0x11, 32))} (!= ${bytesToHex(fill(0x99, 32))})`],
    ['chain id', { chainId: 5n }, 'chain id mismatch: 5 (!= 1337)'],
  ])('refuses a different %s', (_name, change, reason) => {
    const remote = { ...STATUS, ...change } as Status;
    expect(() => checkStatus(STATUS, remote, acceptAll)).toThrow(StatusMismatchError);
    expect(() => checkStatus(STATUS, remote, acceptAll)).toThrow(reason);
  });

  it('refuses a fork id the filter rejects, passing it the remote id', () => {
    const seen: ForkId[] = [];
    const filter = (id: ForkId): void => {
      seen.push(id);
      throw new ForkIdError('remote-stale');
    };
    expect(() => checkStatus(STATUS, STATUS, filter)).toThrow('fork id rejected: remote needs update');
    expect(seen).toEqual([STATUS.forkId]);
  });
});
