// JSON that keeps every digit of big integer literals. geth's genesis.json carries numbers such as mainnet's
// terminalTotalDifficulty (58750000000000000000000) as bare JSON numbers; JSON.parse would round them, and Node 20
// has no access to a number's source text. Integers beyond 2^53 parse to bigint and stringify back as bare digits.

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {
  constructor(reason: string, text: string, pos: number) {
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    super(`invalid JSON at line ${line} column ${column}: ${reason}`);
    this.name = 'JsonSyntaxError';
  }
}

const MAX_DEPTH = 512;

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(reason: string, at = this.pos): never {
    throw new JsonSyntaxError(reason, this.text, at);
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  describeHere(): string {
    if (this.pos >= this.text.length) return 'unexpected end of input';
    return `unexpected character ${JSON.stringify(this.text[this.pos])}`;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.skipWhitespace();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    return this.fail(this.describeHere());
  }

  literal<T>(length: number, v: T): T {
    this.pos += length;
    return v;
  }

  object(depth: number): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail(`expected a property name, ${this.describeHere()}`);
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after a property name, ${this.describeHere()}`);
      this.pos++;
      // defineProperty so that a key like "__proto__" is plain data, as JSON.parse treats it.
      Object.defineProperty(out, key, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      this.fail(`expected ',' or '}' in an object, ${this.describeHere()}`);
    }
  }

  array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return out;
      }
      this.fail(`expected ',' or ']' in an array, ${this.describeHere()}`);
    }
  }

  string(): string {
    const t = this.text;
    const start = ++this.pos; // opening quote
    let out = '';
    let chunkStart = start;
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated string', start - 1);
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('control character in a string');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(chunkStart, this.pos);
      const e = t[this.pos + 1];
      this.pos += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape', this.pos - 2);
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.fail('invalid escape in a string', this.pos - 2);
      }
      chunkStart = this.pos;
    }
  }

  number(): number | bigint {
    const m = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    m.lastIndex = this.pos;
    const match = m.exec(this.text);
    if (!match) this.fail(`invalid number, ${this.describeHere()}`);
    const literal = match[0];
    this.pos += literal.length;
    const next = this.text[this.pos];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) this.fail('invalid number');
    if (match[1] !== undefined || match[2] !== undefined) return Number(literal);
    const n = Number(literal);
    return Number.isSafeInteger(n) ? n : BigInt(literal);
  }
}

/** Parses JSON text; integers outside the safe range come back as bigint, all others as in JSON.parse. */
export function parseJsonLossless(text: string): JsonValue {
  const p = new Parser(text);
  const v = p.value(0);
  p.skipWhitespace();
  if (p.pos < text.length) p.fail(`unexpected data after the JSON value, ${p.describeHere()}`);
  return v;
}

/**
 * JSON.stringify's output shape (indented by `indent` spaces, 0 for compact) where a bigint is written as bare
 * digits. Object properties that are undefined are left out, as JSON.stringify does.
 */
export function stringifyJsonLossless(value: unknown, indent = 2): string {
  return write(value, indent, '');
}

function write(v: unknown, indent: number, pad: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
    case 'object':
      break;
    default:
      throw new TypeError(`cannot write a ${typeof v} as JSON`);
  }
  const inner = indent > 0 ? pad + ' '.repeat(indent) : '';
  const nl = indent > 0 ? '\n' : '';
  const sep = indent > 0 ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = v.map((x) => inner + (x === undefined ? 'null' : write(x, indent, inner)));
    return `[${nl}${items.join(',' + nl)}${nl}${pad}]`;
  }
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === undefined) continue;
    parts.push(`${inner}${JSON.stringify(k)}${sep}${write(x, indent, inner)}`);
  }
  if (parts.length === 0) return '{}';
  return `{${nl}${parts.join(',' + nl)}${nl}${pad}}`;
}
