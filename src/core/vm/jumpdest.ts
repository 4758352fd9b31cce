// Valid jump destinations: JUMPDEST bytes that are opcodes, not PUSH immediates. One bit per code byte,
// computed once per code and cached by code hash (deployed code is immutable, and hot contracts run often).
import type { Bytes } from '../../common/bytes.js';
import { Op } from './opcodes.js';

/** Bit `i` is set when `code[i]` is a JUMPDEST instruction. */
export type JumpdestMap = Uint8Array;

export function analyzeJumpdests(code: Bytes): JumpdestMap {
  const map = new Uint8Array((code.length + 7) >> 3);
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]!;
    if (op === Op.JUMPDEST) map[pc >> 3]! |= 1 << (pc & 7);
    else if (op >= Op.PUSH1 && op <= Op.PUSH32) pc += op - Op.PUSH1 + 1;
  }
  return map;
}

export function isJumpdest(map: JumpdestMap, dest: number): boolean {
  return ((map[dest >> 3]! >> (dest & 7)) & 1) === 1;
}

/** A bounded cache of analyses by code hash; the oldest entry goes first when full. */
export class JumpdestCache {
  private readonly entries = new Map<string, JumpdestMap>();

  constructor(private readonly capacity = 4096) {}

  get(codeHash: Bytes, code: Bytes): JumpdestMap {
    const key = hashKey(codeHash);
    let map = this.entries.get(key);
    if (map === undefined) {
      map = analyzeJumpdests(code);
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, map);
    }
    return map;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A compact string key (one char per byte) for a 32-byte hash. */
function hashKey(hash: Bytes): string {
  return String.fromCharCode.apply(null, hash as unknown as number[]);
}
