// TrieTests: trietest*.json (`in` = [key, value] pairs applied in order, a null value deletes), trieanyorder*.json
// (`in` = an object; the root must not depend on the order, so it is checked forwards and backwards),
// hex_encoded_securetrie_test.json (`hexEncoded`: keys and values are hex), all expecting `root`; files named
// *securetrie* hash their keys. trietestnextprev.json: `in` = keys, `tests` = [key, previous key, next key] with
// "" for none. Keys and values are hex when they start with 0x, UTF-8 text otherwise.
import { basename } from 'node:path';
import { bytesToHex, hexToBytes, utf8ToBytes, type Bytes } from '../../../src/common/bytes.js';
import { SecureTrie } from '../../../src/trie/secureTrie.js';
import { Trie } from '../../../src/trie/trie.js';
import { isRecord, runCase, type CaseResult, type Suite } from '../suite.js';

type Op = [key: Bytes, value: Bytes | null];

function toBytes(s: string, hex: boolean): Bytes {
  return hex || s.startsWith('0x') ? hexToBytes(s) : utf8ToBytes(s);
}

function parseOps(input: unknown, hex: boolean): Op[] | undefined {
  const pairs = Array.isArray(input) ? input : isRecord(input) ? Object.entries(input) : undefined;
  if (pairs === undefined) return undefined;
  const ops: Op[] = [];
  for (const p of pairs) {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string') return undefined;
    const v: unknown = p[1];
    if (v !== null && typeof v !== 'string') return undefined;
    ops.push([toBytes(p[0], hex), v === null ? null : toBytes(v, hex)]);
  }
  return ops;
}

function rootAfter(ops: Op[], secure: boolean): string {
  const trie = secure ? new SecureTrie() : new Trie();
  for (const [k, v] of ops) {
    if (v === null) trie.delete(k);
    else trie.put(k, v);
  }
  return bytesToHex(trie.hash());
}

function runRootTest(name: string, test: Record<string, unknown>, secure: boolean): Promise<CaseResult> | undefined {
  const ops = parseOps(test.in, test.hexEncoded === true);
  const expected = test.root;
  if (ops === undefined || typeof expected !== 'string') return undefined;
  const anyOrder = !Array.isArray(test.in);
  return runCase(name, () => {
    const root = rootAfter(ops, secure);
    if (root !== expected.toLowerCase()) throw new Error(`root ${root}, expected ${expected}`);
    if (anyOrder) {
      const reversed = rootAfter([...ops].reverse(), secure);
      if (reversed !== root) throw new Error(`inserting in reverse order gave ${reversed}, expected ${expected}`);
    }
  });
}

async function runNextPrevTest(name: string, test: Record<string, unknown>): Promise<CaseResult[] | undefined> {
  const keys = test.in;
  const checks = test.tests;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string') || !Array.isArray(checks)) return undefined;
  const trie = new Trie();
  for (const k of keys as string[]) trie.put(toBytes(k, false), toBytes(k, false));
  const results: CaseResult[] = [];
  for (const check of checks) {
    if (!Array.isArray(check) || check.length !== 3 || !check.every((x) => typeof x === 'string')) return undefined;
    const [key, prev, next] = check as [string, string, string];
    results.push(
      await runCase(`${name} [${key}]`, () => {
        const show = (b: Bytes | undefined) =>
          b === undefined ? '(none)' : JSON.stringify(new TextDecoder().decode(b));
        const k = toBytes(key, false);
        const gotPrev = show(trie.prevKey(k));
        const gotNext = show(trie.nextKey(k));
        const wantPrev = prev === '' ? '(none)' : JSON.stringify(prev);
        const wantNext = next === '' ? '(none)' : JSON.stringify(next);
        if (gotPrev !== wantPrev) throw new Error(`previous key ${gotPrev}, expected ${wantPrev}`);
        if (gotNext !== wantNext) throw new Error(`next key ${gotNext}, expected ${wantNext}`);
      }),
    );
  }
  return results;
}

export const trieSuite: Suite = {
  name: 'trie',
  async runFile(file, content) {
    if (!isRecord(content)) return undefined;
    const secure = /securetrie/i.test(basename(file));
    const results: CaseResult[] = [];
    for (const [name, test] of Object.entries(content)) {
      if (!isRecord(test)) return undefined;
      if ('tests' in test) {
        const cases = await runNextPrevTest(name, test);
        if (cases === undefined) return undefined;
        results.push(...cases);
        continue;
      }
      const result = runRootTest(name, test, secure);
      if (result === undefined) return undefined;
      results.push(await result);
    }
    return results;
  },
};
