import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { computeForkId } from '../wire/forkId.js';
import { checkStatus, statusCodec, WIRE_PROTOCOL_VERSION } from '../wire/status.js';
import { localForkIdFilter, localStatus } from './status.js';
import { servingChain, type ServingChain } from './testServeChain.js';

let s: ServingChain;
beforeAll(async () => {
  s = await servingChain();
});

describe('localStatus', () => {
  it("describes the chain's head, genesis and fork id", () => {
    const status = localStatus(s.chain, 1337n);
    expect(status.protocolVersion).toBe(WIRE_PROTOCOL_VERSION);
    expect(status.networkId).toBe(1337n);
    expect(status.chainId).toBe(s.chain.config.chainId);
    expect(status.totalDifficulty).toBe(s.chain.currentTd);
    expect(bytesToHex(status.headHash)).toBe(bytesToHex(s.main[11]!.hash));
    expect(status.headNumber).toBe(12n);
    expect(bytesToHex(status.genesisHash)).toBe(bytesToHex(s.chain.genesis.hash));
    // Every fork of the test config is active at genesis: the checksum is the genesis hash's alone.
    expect(status.forkId).toEqual(computeForkId(s.chain.config, s.chain.genesis.header, s.chain.currentHeader));
    expect(status.forkId.next).toBe(0n);
    expect(statusCodec.decode(statusCodec.encode(status))).toEqual(status);
  });

  it('is accepted by a node on the same chain and refused across networks', () => {
    const status = localStatus(s.chain, 1337n);
    const filter = localForkIdFilter(s.chain);
    expect(() => checkStatus(status, { ...status, headNumber: 3n }, filter)).not.toThrow();
    expect(() => checkStatus(status, localStatus(s.chain, 1n), filter)).toThrow('network id mismatch');
    const otherChain = { ...status, forkId: { hash: Uint8Array.of(1, 2, 3, 4), next: 0n } };
    expect(() => checkStatus(status, otherChain, filter)).toThrow(
      'fork id rejected: local incompatible or needs update',
    );
  });
});
