// 0x01: recovers the address that signed a 32-byte hash. Bad input is not a failure: the output is empty.
import type { Bytes } from '../../../common/bytes.js';
import { InvalidSignatureError, recoverAddress } from '../../../crypto/secp256k1.js';
import { bytesToWord } from '../words.js';
import { paddedSlice, type Precompile } from './precompile.js';

export const ecrecover: Precompile = {
  name: 'ECREC',
  gas: () => 3000n,
  run(input: Bytes): Bytes {
    const data = paddedSlice(input, 0, 128);
    // v is a whole word that must be exactly 27 or 28.
    const v = bytesToWord(data, 32, 32);
    if (v !== 27n && v !== 28n) return new Uint8Array(0);
    const r = bytesToWord(data, 64, 32);
    const s = bytesToWord(data, 96, 32);
    try {
      const address = recoverAddress(data.subarray(0, 32), { r, s, yParity: Number(v - 27n) });
      const out = new Uint8Array(32);
      out.set(address, 12);
      return out;
    } catch (e) {
      if (e instanceof InvalidSignatureError) return new Uint8Array(0);
      throw e;
    }
  },
};
