import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../common/bytes.js';
import { DatadirLockedError } from './datadirLock.js';
import { LevelStore } from './levelStore.js';

const b = (s: string) => utf8ToBytes(s);

async function collect(it: AsyncIterable<[Uint8Array, Uint8Array]>): Promise<string[]> {
  const out: string[] = [];
  for await (const [k, v] of it) out.push(`${new TextDecoder().decode(k)}=${new TextDecoder().decode(v)}`);
  return out;
}

let dir: string;
let store: LevelStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-level-'));
});

afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('LevelStore', () => {
  it('reads synchronously what a batch wrote, as plain Uint8Arrays', async () => {
    store = await LevelStore.open(join(dir, 'db'));
    const batch = store.batch();
    batch.put(b('a'), b('1'));
    batch.put(Uint8Array.of(0, 0xff), Uint8Array.of(9));
    expect(batch.size).toBe(2);
    expect(store.get(b('a'))).toBeUndefined();
    await batch.write();
    expect(batch.size).toBe(0);
    const v = store.get(b('a'));
    expect(v).toEqual(b('1'));
    expect(v!.constructor).toBe(Uint8Array);
    expect(store.get(Uint8Array.of(0, 0xff))).toEqual(Uint8Array.of(9));
    expect(store.get(b('missing'))).toBeUndefined();
  });

  it('applies puts and deletes of one batch together, in order', async () => {
    store = await LevelStore.open(join(dir, 'db'));
    const first = store.batch();
    first.put(b('k1'), b('old'));
    first.put(b('k2'), b('x'));
    await first.write();

    const batch = store.batch();
    batch.put(b('k1'), b('new'));
    batch.delete(b('k2'));
    batch.put(b('k3'), b('y'));
    batch.delete(b('k3'));
    // Nothing is visible before write().
    expect(store.get(b('k1'))).toEqual(b('old'));
    expect(store.get(b('k2'))).toEqual(b('x'));
    await batch.write();
    expect(store.get(b('k1'))).toEqual(b('new'));
    expect(store.get(b('k2'))).toBeUndefined();
    expect(store.get(b('k3'))).toBeUndefined();
  });

  it('writes nothing of a batch that fails', async () => {
    store = await LevelStore.open(join(dir, 'db'));
    const batch = store.batch();
    batch.put(b('good'), b('1'));
    // A value LevelDB cannot take makes the whole batch fail; the good entry must not land either.
    batch.put(b('bad'), undefined as unknown as Uint8Array);
    await expect(batch.write()).rejects.toThrow();
    expect(store.get(b('good'))).toBeUndefined();
  });

  it('keeps data across close and reopen', async () => {
    const path = join(dir, 'db');
    store = await LevelStore.open(path);
    const batch = store.batch();
    for (let i = 0; i < 1000; i++) batch.put(b(`key${i}`), b(`value${i}`));
    await batch.write();
    await store.close();
    store = await LevelStore.open(path);
    expect(store.get(b('key0'))).toEqual(b('value0'));
    expect(store.get(b('key999'))).toEqual(b('value999'));
  });

  it('iterates the keys under a prefix in key order, and only those', async () => {
    store = await LevelStore.open(join(dir, 'db'));
    const batch = store.batch();
    for (const k of ['h2', 'h1', 'H1', 'h', 'i0', 'g9', 'h10']) batch.put(b(k), b(k.toUpperCase()));
    batch.put(Uint8Array.of(0xff, 0xff, 1), b('z'));
    batch.put(Uint8Array.of(0xff, 0xfe), b('y'));
    await batch.write();
    expect(await collect(store.entries(b('h')))).toEqual(['h=H', 'h1=H1', 'h10=H10', 'h2=H2']);
    expect(await collect(store.entries(b('h1')))).toEqual(['h1=H1', 'h10=H10']);
    expect(await collect(store.entries(b('x')))).toEqual([]);
    // A prefix of 0xff bytes has no upper bound key; it must still stop at the prefix.
    const high: number[][] = [];
    for await (const [k] of store.entries(Uint8Array.of(0xff, 0xff))) high.push([...k]);
    expect(high).toEqual([[0xff, 0xff, 1]]);
    expect((await collect(store.entries(new Uint8Array(0)))).length).toBe(9);
  });

  it('refuses a second opener of the same database with a clear error', async () => {
    const path = join(dir, 'db');
    store = await LevelStore.open(path);
    const second = LevelStore.open(path);
    await expect(second).rejects.toThrow(DatadirLockedError);
    await expect(LevelStore.open(path)).rejects.toThrow(`database ${path} is already opened by another process or instance`);
  });

  it('does not create a missing database when asked not to', async () => {
    await expect(LevelStore.open(join(dir, 'none'), { createIfMissing: false })).rejects.toThrow(/cannot open database .*none/);
  });
});
