import { blake2b } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../common/bytes.js';
import { blake2bCompress, blake2f } from './blake2f.js';
import { PrecompileFailure } from './precompile.js';
import { loadVectors } from './vectors.testdata.js';

/** Little-endian 32-bit halves of the 64-bit words in `bytes` (a multiple of 8 long). */
function halves(bytes: Uint8Array): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Uint32Array.from({ length: bytes.length / 4 }, (_, i) => view.getUint32(4 * i, true));
}

/**
 * Unkeyed BLAKE2b-512 built on F with 12 rounds (RFC 7693 section 3.3): h starts as IV with the parameter block
 * (digest length 64, fanout 1, depth 1) folded into word 0; t counts the bytes hashed so far.
 */
function blake2b512ViaF(message: Uint8Array): Uint8Array {
  const h = halves(
    hexToBytes(
      '0x08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5' +
        'd182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b',
    ),
  );
  h[0]! ^= 0x01010040;
  const blocks = Math.max(1, Math.ceil(message.length / 128));
  for (let b = 0; b < blocks; b++) {
    const block = new Uint8Array(128);
    block.set(message.subarray(128 * b, 128 * (b + 1)));
    const counted = Math.min(message.length, 128 * (b + 1));
    blake2bCompress(12, h, halves(block), Uint32Array.of(counted, 0, 0, 0), b === blocks - 1);
  }
  const out = new Uint8Array(64);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 16; i++) view.setUint32(4 * i, h[i]!, true);
  return out;
}

describe('blake2f (EIP-152)', () => {
  for (const v of loadVectors('blake2F.json')) {
    it(v.Name, () => {
      const input = hexToBytes(v.Input);
      expect(blake2f.gas(input)).toBe(BigInt(v.Gas!));
      expect(bytesToHex(blake2f.run(input))).toBe('0x' + v.Expected);
    });
  }
  for (const v of loadVectors('fail-blake2f.json')) {
    it(`fails: ${v.Name}`, () => {
      const input = hexToBytes(v.Input);
      expect(() => blake2f.run(input)).toThrow(PrecompileFailure);
      expect(() => blake2f.run(input)).toThrow(v.ExpectedError!);
    });
  }

  // Lengths cover the empty message, one partial block, exactly one block and two blocks (a non-final F call).
  for (const length of [0, 3, 127, 128, 200, 256]) {
    it(`12 rounds of F give @noble/hashes' BLAKE2b-512 of a ${length}-byte message`, () => {
      const message = Uint8Array.from({ length }, (_, i) => (i * 31 + 5) & 0xff);
      expect(bytesToHex(blake2b512ViaF(message))).toBe(bytesToHex(blake2b(message)));
    });
  }

  it('matches the earlier array-based implementation over 100,000 rounds, not final', () => {
    // The expected output was computed by the previous implementation (state kept in a Uint32Array, G as a
    // function), which was written independently of the unrolled one.
    const input = new Uint8Array(213);
    new DataView(input.buffer).setUint32(0, 100_000);
    for (let i = 4; i < 212; i++) input[i] = (i * 151 + 7) & 0xff;
    expect(bytesToHex(blake2f.run(input))).toBe(
      '0xedc64365f182a9189edcfc164cde804e22f23719e79c9ff6838e2e897c40e68f' +
        '85626565ffdff324d694f55224e2a628649e4913652245c25f4d17884a085ddb',
    );
  });
});
