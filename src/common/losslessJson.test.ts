import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonLossless, stringifyJsonLossless } from './losslessJson.js';

describe('parseJsonLossless', () => {
  it('keeps integers beyond 2^53 exact as bigint and small ones as numbers', () => {
    const v = parseJsonLossless('{"ttd": 58750000000000000000000, "chainId": 1, "neg": -9007199254740993}') as Record<string, unknown>;
    expect(v.ttd).toBe(58750000000000000000000n);
    expect(v.chainId).toBe(1);
    expect(v.neg).toBe(-9007199254740993n);
    expect(parseJsonLossless('9007199254740991')).toBe(9007199254740991);
    expect(parseJsonLossless('9007199254740992')).toBe(9007199254740992n);
  });

  it('parses everything JSON.parse does the same way', () => {
    const text = '{"a":[1,2.5,-3e2,true,false,null,"x\\n\\u00e9\\"\\\\\\/"],"b":{},"c":[],"d":" \\t "}';
    expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
    expect(parseJsonLossless(' \n\t"s" \r\n')).toBe('s');
  });

  it('treats __proto__ as a plain key', () => {
    const v = parseJsonLossless('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['', 'line 1 column 1: unexpected end of input'],
    ['{"a":1,}', 'expected a property name'],
    ['{"a" 1}', "expected ':'"],
    ['[1 2]', "expected ',' or ']'"],
    ['{"a":1 "b":2}', "expected ',' or '}'"],
    ['"abc', 'unterminated string'],
    ['"a\tb"', 'control character'],
    ['"\\x"', 'invalid escape'],
    ['"\\u12g4"', 'invalid \\u escape'],
    ['01', 'invalid number'],
    ['1.', 'invalid number'],
    ['-', 'invalid number'],
    ['tru', 'unexpected character "t"'],
    ['{} x', 'unexpected data after the JSON value'],
  ])('rejects %j with a positioned error (%s)', (text, message) => {
    expect(() => parseJsonLossless(text)).toThrow(JsonSyntaxError);
    expect(() => parseJsonLossless(text)).toThrow(message);
  });

  it('reports line and column', () => {
    expect(() => parseJsonLossless('{\n  "a": 1,\n  "b": ?\n}')).toThrow('invalid JSON at line 3 column 8');
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(() => parseJsonLossless('['.repeat(100_000))).toThrow('nesting deeper than');
  });
});

describe('stringifyJsonLossless', () => {
  it('writes bigints as bare digits and matches JSON.stringify otherwise', () => {
    const v = { a: 58750000000000000000000n, b: [1, 'x', null, true], c: {}, d: [], e: undefined, f: { g: 'h' } };
    const out = stringifyJsonLossless(v);
    expect(out).toContain('"a": 58750000000000000000000');
    const plain = { ...v, a: 1 };
    expect(stringifyJsonLossless(plain)).toBe(JSON.stringify(plain, null, 2));
    expect(stringifyJsonLossless(plain, 0)).toBe(JSON.stringify(plain));
  });

  it('round-trips through the parser', () => {
    const v = { big: 2n ** 200n, small: 7, list: [{ x: -1 }], s: 'q"\n' };
    expect(parseJsonLossless(stringifyJsonLossless(v))).toEqual(v);
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => stringifyJsonLossless({ f: () => 1 })).toThrow('cannot write a function');
  });
});
