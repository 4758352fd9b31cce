import { describe, expect, it } from 'vitest';
import { BinaryHeap } from './binaryHeap.js';

function drain<T>(heap: BinaryHeap<T>): T[] {
  const out: T[] = [];
  for (let x = heap.pop(); x !== undefined; x = heap.pop()) out.push(x);
  return out;
}

describe('BinaryHeap', () => {
  it('pops in the order of its comparison, whichever way it was filled', () => {
    const values = [5, 3, 9, 1, 7, 3, 8, 2, 6, 0, 4];
    const pushed = new BinaryHeap<number>((a, b) => a < b);
    for (const v of values) pushed.push(v);
    expect(pushed.size).toBe(values.length);
    expect(pushed.peek()).toBe(0);
    expect(drain(pushed)).toEqual([...values].sort((a, b) => a - b));

    const reset = new BinaryHeap<number>((a, b) => a > b);
    reset.reset([...values]);
    expect(drain(reset)).toEqual([...values].sort((a, b) => b - a));
  });

  it('replaces the top and re-orders', () => {
    const heap = new BinaryHeap<number>((a, b) => a < b);
    heap.reset([4, 1, 3, 2]);
    heap.replaceTop(10);
    expect(drain(heap)).toEqual([2, 3, 4, 10]);
  });

  it('is empty-safe: pop and peek give undefined, replaceTop throws', () => {
    const heap = new BinaryHeap<number>((a, b) => a < b);
    expect(heap.pop()).toBeUndefined();
    expect(heap.peek()).toBeUndefined();
    expect(() => heap.replaceTop(1)).toThrow('empty heap');
  });
});
