import { describe, expect, it } from 'vitest';
import './promisePolyfill.js';

type WithResolvers = <T>() => { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void };
const withResolvers = (Promise as unknown as { withResolvers: WithResolvers }).withResolvers.bind(Promise);

describe('Promise.withResolvers', () => {
  it('resolves the promise it hands out', async () => {
    const { promise, resolve } = withResolvers<number>();
    resolve(7);
    await expect(promise).resolves.toBe(7);
  });

  it('rejects it', async () => {
    const { promise, reject } = withResolvers<number>();
    reject(new Error('no'));
    await expect(promise).rejects.toThrow('no');
  });
});
