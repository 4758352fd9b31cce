import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, type Bytes } from '../common/bytes.js';
import type { KeyValueReader } from '../db/keyValueStore.js';
import { MemoryStore } from '../db/memoryStore.js';
import { answerStoreRead, newReadSignal, RemoteStoreReader, type StoreReadRequest } from './remoteStore.js';

const channels: MessageChannel[] = [];

afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/**
 * A reader whose requests are answered at once, in this thread, by `store`: the whole protocol but the second
 * thread (the worker pool's tests run it across threads). Also returns the requests as they were posted.
 */
function readerOver(store: KeyValueReader): { reader: RemoteStoreReader; posted: StoreReadRequest[] } {
  const channel = new MessageChannel();
  channels.push(channel);
  const signal = newReadSignal();
  const posted: StoreReadRequest[] = [];
  const sink = {
    postMessage: (request: StoreReadRequest) => {
      posted.push(request);
      // As postMessage would: the main thread gets a copy.
      answerStoreRead(store, structuredClone(request), channel.port1, signal);
    },
  };
  return { reader: new RemoteStoreReader(sink, channel.port2, signal), posted };
}

describe('remote store', () => {
  it('reads values and absent keys through the other side', () => {
    const store = new MemoryStore();
    store.put(hexToBytes('0x01'), hexToBytes('0xaabb'));
    store.put(hexToBytes('0x02'), new Uint8Array(0));
    const { reader } = readerOver(store);
    expect(reader.get(hexToBytes('0x01'))).toEqual(hexToBytes('0xaabb'));
    expect(reader.get(hexToBytes('0x02'))).toEqual(new Uint8Array(0));
    expect(reader.get(hexToBytes('0x03'))).toBeUndefined();
    // Again, in the same order: each answer belongs to its read.
    for (let i = 0; i < 100; i++) {
      expect(reader.get(hexToBytes('0x03'))).toBeUndefined();
      expect(reader.get(hexToBytes('0x01'))).toEqual(hexToBytes('0xaabb'));
    }
  });

  it('carries big values whole', () => {
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
    const store = new MemoryStore();
    store.put(hexToBytes('0x0b'), big);
    const { reader } = readerOver(store);
    const got = reader.get(hexToBytes('0x0b'))!;
    expect(got.length).toBe(big.length);
    // Compared as one buffer: element by element, toEqual takes seconds on megabytes.
    expect(Buffer.compare(got, big)).toBe(0);
  });

  it('posts only the bytes of a key or value that is a view into a larger buffer', () => {
    const backing = new Uint8Array(64 * 1024).fill(7);
    const value = backing.subarray(100, 104);
    const { reader, posted } = readerOver({ get: () => value });
    const key = backing.subarray(10, 12);
    const got = reader.get(key)!;
    expect(got).toEqual(new Uint8Array([7, 7, 7, 7]));
    expect(got.buffer.byteLength).toBe(4);
    expect(posted[0]!.key.buffer.byteLength).toBe(2);
  });

  it("throws the store's failure with its message, and goes on reading after it", () => {
    let fail = true;
    const { reader } = readerOver({
      get: (key: Bytes) => {
        if (fail) throw new Error(`leveldb: corrupt block at ${bytesToHex(key)}`);
        return key;
      },
    });
    expect(() => reader.get(hexToBytes('0x0102'))).toThrow('leveldb: corrupt block at 0x0102');
    fail = false;
    expect(reader.get(hexToBytes('0x0102'))).toEqual(hexToBytes('0x0102'));
  });

  it('refuses to go on when woken without an answer', () => {
    const channel = new MessageChannel();
    channels.push(channel);
    const signal = newReadSignal();
    // Sets the flag but posts nothing.
    const reader = new RemoteStoreReader({ postMessage: () => Atomics.store(signal, 0, 1) }, channel.port2, signal);
    expect(() => reader.get(hexToBytes('0x01'))).toThrow('remote store: woken without an answer');
  });
});
