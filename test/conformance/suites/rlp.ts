// RLPTests: rlptest.json (encode `in`, expect `out`), invalidRLPTest.json (decoding `out` must fail),
// RandomRLPTests (`in: "VALID"`: decoding must succeed and re-encode to the same bytes).
import { bytesEqual, bytesToHex, hexToBytes, utf8ToBytes } from '../../../src/common/bytes.js';
import { decodeRlp, encodeRlp, type RlpInput } from '../../../src/rlp/rlp.js';
import { isRecord, runCase, type CaseResult, type Suite } from '../suite.js';

function toInput(v: unknown): RlpInput {
  if (typeof v === 'string') return v.startsWith('#') ? BigInt(v.slice(1)) : utf8ToBytes(v);
  if (typeof v === 'number') return BigInt(v);
  if (Array.isArray(v)) return v.map(toInput);
  throw new Error(`unsupported input ${JSON.stringify(v)}`);
}

export const rlpSuite: Suite = {
  name: 'rlp',
  async runFile(_file, content) {
    if (!isRecord(content)) return undefined;
    const results: CaseResult[] = [];
    for (const [name, test] of Object.entries(content)) {
      if (!isRecord(test) || typeof test.out !== 'string' || !('in' in test)) return undefined;
      const out = hexToBytes(test.out);
      results.push(
        await runCase(name, () => {
          if (test.in === 'INVALID') {
            let decoded = false;
            try {
              decodeRlp(out);
              decoded = true;
            } catch {
              return;
            }
            if (decoded) throw new Error('invalid RLP was accepted');
          } else if (test.in === 'VALID') {
            const item = decodeRlp(out);
            const again = encodeRlp(item);
            if (!bytesEqual(again, out)) throw new Error(`re-encoding gave ${bytesToHex(again)}`);
          } else {
            const enc = encodeRlp(toInput(test.in));
            if (!bytesEqual(enc, out)) throw new Error(`encoded ${bytesToHex(enc)}, expected ${test.out}`);
            const again = encodeRlp(decodeRlp(out));
            if (!bytesEqual(again, out)) throw new Error('decode/encode round trip differs');
          }
        }),
      );
    }
    return results;
  },
};
