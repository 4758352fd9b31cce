import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import { create2Address, createAddress } from './contractAddress.js';

describe('contract addresses', () => {
  it('CREATE: keccak(rlp([sender, nonce]))[12:]', () => {
    const sender = hexToBytes('0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0');
    expect(bytesToHex(createAddress(sender, 0n))).toBe('0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d');
    expect(bytesToHex(createAddress(sender, 1n))).toBe('0x343c43a37d37dff08ae8c4a11544c718abb4fcf8');
    expect(bytesToHex(createAddress(sender, 2n))).toBe('0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91');
  });

  // The examples of EIP-1014.
  const examples: [string, string, string, string][] = [
    ['0x0000000000000000000000000000000000000000', '0x' + '00'.repeat(32), '0x00', '0x4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38'],
    ['0xdeadbeef00000000000000000000000000000000', '0x' + '00'.repeat(32), '0x00', '0xb928f69bb1d91cd65274e3c79d8986362984fda3'],
    [
      '0xdeadbeef00000000000000000000000000000000',
      '0x000000000000000000000000feed000000000000000000000000000000000000',
      '0x00',
      '0xd04116cdd17bebe565eb2422f2497e06cc1c9833',
    ],
    ['0x0000000000000000000000000000000000000000', '0x' + '00'.repeat(32), '0xdeadbeef', '0x70f2b2914a2a4b783faefb75f459a580616fcb5e'],
    [
      '0x00000000000000000000000000000000deadbeef',
      '0x00000000000000000000000000000000000000000000000000000000cafebabe',
      '0xdeadbeef',
      '0x60f3f640a8508fc6a86d45df051962668e1e8ac7',
    ],
    [
      '0x00000000000000000000000000000000deadbeef',
      '0x00000000000000000000000000000000000000000000000000000000cafebabe',
      '0x' + 'deadbeef'.repeat(11),
      '0x1d8bfdc5d46dc4f61d6b6115972536ebe6a8854c',
    ],
    ['0x0000000000000000000000000000000000000000', '0x' + '00'.repeat(32), '0x', '0xe33c0c7f7df4809055c3eba6c09cfe4baf1bd9e0'],
  ];
  for (const [sender, salt, initcode, expected] of examples) {
    it(`CREATE2 ${sender} ${salt.slice(-8)} ${initcode.slice(0, 10)}`, () => {
      const address = create2Address(hexToBytes(sender), hexToBytes(salt), keccak256(hexToBytes(initcode)));
      expect(bytesToHex(address)).toBe(expected);
    });
  }

  it('rejects a salt or hash of the wrong size', () => {
    expect(() => create2Address(new Uint8Array(20), new Uint8Array(31), new Uint8Array(32))).toThrow(/salt/);
    expect(() => create2Address(new Uint8Array(20), new Uint8Array(32), new Uint8Array(3))).toThrow(/hash/);
  });
});
