// EIP-55 mixed-case addresses, as geth prints common.Address.Hex() (txpool_content keys, txpool_inspect).
import { bytesToHex, utf8ToBytes, type Bytes } from '../common/bytes.js';
import { keccak256 } from '../crypto/keccak.js';

export function checksumAddress(address: Bytes): string {
  if (address.length !== 20) throw new Error(`checksumAddress: want 20 bytes, got ${address.length}`);
  const lower = bytesToHex(address).slice(2);
  const hash = bytesToHex(keccak256(utf8ToBytes(lower))).slice(2);
  let out = '0x';
  for (let i = 0; i < lower.length; i++) {
    // A letter is upper case where the matching nibble of the hash of the lower-case hex is 8 or more.
    out += parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  }
  return out;
}
