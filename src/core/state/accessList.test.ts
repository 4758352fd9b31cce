import { describe, expect, it } from 'vitest';
import { AccessList } from './accessList.js';

const A = '0x00000000000000000000000000000000000000aa';

describe('AccessList', () => {
  it('says what each add changed', () => {
    const list = new AccessList();
    expect(list.addAddress(A)).toBe(true);
    expect(list.addAddress(A)).toBe(false);
    expect(list.addSlot(A, 1n)).toEqual({ addressAdded: false, slotAdded: true });
    expect(list.addSlot(A, 1n)).toEqual({ addressAdded: false, slotAdded: false });
    const B = '0x00000000000000000000000000000000000000bb';
    expect(list.addSlot(B, 2n)).toEqual({ addressAdded: true, slotAdded: true });
    expect(list.containsSlot(B, 2n)).toEqual({ addressPresent: true, slotPresent: true });
    expect(list.containsSlot(B, 3n)).toEqual({ addressPresent: true, slotPresent: false });
  });

  it('undoes adds in reverse order and refuses undo that does not match an add', () => {
    const list = new AccessList();
    list.addSlot(A, 1n);
    expect(() => list.deleteAddress(A)).toThrow(/still has slots/);
    expect(() => list.deleteSlot(A, 2n)).toThrow(/slot 2 of .* is not in the list/);
    list.deleteSlot(A, 1n);
    list.deleteAddress(A);
    expect(list.containsAddress(A)).toBe(false);
    expect(() => list.deleteSlot(A, 1n)).toThrow(/is not in the list/);
  });
});
