// A seeded generator of bad JSON-RPC input for the robustness tests: broken JSON, envelopes with fields of the
// wrong type, wrong parameters for real methods, invalid block tags and hex, unknown methods, odd batches, deep
// nesting, bytes that are not UTF-8, wrong content types and HTTP methods. Each case carries the answer geth gives
// it (a JSON-RPC error code per call, or an HTTP status), worked out from how the case was built, never by asking
// the server. Cases where tsgeth and geth are known to differ on purpose are left out (see the notes by the kinds).

/** A JSON value written into a message as it is (1e400, deep nesting): what JSON.stringify cannot produce. */
export class RawJson {
  constructor(readonly text: string) {}
}

const raw = (text: string): RawJson => new RawJson(text);

/** JSON text of `v`; RawJson goes in verbatim and object fields that are undefined are left out. */
export function toJson(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const fields = Object.entries(v).filter(([, x]) => x !== undefined);
    return `{${fields.map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export type RequestId = string | number | null;

/** How one call of a message must be answered: with a result, or with an error of this code. */
export type Outcome = { readonly result: true } | { readonly code: number };

export interface Reply {
  readonly id: RequestId;
  readonly outcome: Outcome;
}

export type Expected =
  /** Refused by the HTTP layer before any JSON-RPC handling. */
  | { readonly type: 'status'; readonly status: number }
  /** Only notifications: nothing comes back (an empty 200 over HTTP). */
  | { readonly type: 'none' }
  | { readonly type: 'single'; readonly reply: Reply }
  /** A batch answer: one reply per call in order, notifications skipped. */
  | { readonly type: 'batch'; readonly replies: readonly Reply[] };

export const CASE_KINDS = [
  'truncated-json',
  'garbled-json',
  'not-json',
  'non-utf8',
  'bad-jsonrpc',
  'bad-id',
  'bad-method',
  'not-an-object',
  'params-not-array',
  'wrong-arity',
  'wrong-param-type',
  'invalid-block-tag',
  'invalid-hex',
  'unknown-method',
  'empty-batch',
  'mixed-batch',
  'nested-array',
  'deep-json',
  'odd-but-valid',
  'wrong-content-type',
  'wrong-http-method',
] as const;

export type CaseKind = (typeof CASE_KINDS)[number];

export interface MalformedCase {
  readonly kind: CaseKind;
  readonly body: Uint8Array;
  /** The Content-Type header to send over HTTP; null sends none. */
  readonly contentType: string | null;
  readonly httpMethod: string;
  /** Cases about HTTP itself (content type, method) have no WebSocket form. */
  readonly httpOnly: boolean;
  /** Over WebSocket: a binary frame (for bytes that are not UTF-8, which a text frame may not carry). */
  readonly binary: boolean;
  readonly expected: Expected;
}

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;

const OK: Outcome = { result: true };
const err = (code: number): Outcome => ({ code });

/** mulberry32: small, fast and good enough to pick cases; the same seed gives the same cases. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: no items');
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  hex(digits: number): string {
    let s = '';
    for (let i = 0; i < digits; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }

  word(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[this.int(36)];
    return s;
  }
}

/** Values that exist in the fixture chain: calls with them succeed. */
export interface ValidValues {
  /** An account (any 20 bytes will do for state reads). */
  address: string;
  /** A contract whose call returns without error. */
  callable: string;
  /** A block hash. */
  blockHash: string;
  /** A transaction hash. */
  txHash: string;
}

// --- parameter kinds and values that are wrong for them (each one answered -32602 by geth as well) ---

type ParamKind =
  | 'address'
  | 'hash'
  | 'blockNumber'
  | 'blockRef'
  | 'bool'
  | 'callArgs'
  | 'filter'
  | 'data'
  | 'slot'
  | 'slots'
  | 'index'
  | 'count'
  | 'percentiles'
  | 'overrides';

const NOT_STRINGS: unknown[] = [1, 0, -1, 1.5, true, false, {}, [], raw('1e400'), raw('-0.0e-7')];

function fixedHexInvalid(bytes: number, rng: Rng): unknown[] {
  const n = 2 * bytes;
  return [
    '',
    '0x',
    `0x${rng.hex(n - 1)}`,
    `0x${rng.hex(n + 1)}`,
    `0x${rng.hex(n - 2)}`,
    `0x${rng.hex(n + 2)}`,
    rng.hex(n),
    `${rng.hex(n)}0x`,
    `0x${'g'.repeat(n)}`,
    `0x${rng.hex(n - 1)}z`,
    ` 0x${rng.hex(n)}`,
    `0x${rng.hex(n)} `,
    `0x ${rng.hex(n - 1)}`,
    `x0${rng.hex(n)}`,
    `00x${rng.hex(n)}`,
    ...NOT_STRINGS,
    [`0x${rng.hex(n)}`],
    { value: `0x${rng.hex(n)}` },
  ];
}

/** Invalid as a block number or tag; objects are added where only a number or tag is taken. */
const BAD_NUMBER_STRINGS = [
  'latestt',
  'Latest',
  'LATEST',
  'pendingg',
  'earliest ',
  ' latest',
  'safe\u0000',
  'finalised',
  'head',
  '',
  '0x',
  '-1',
  '-0x1',
  '0x-1',
  '1',
  '01',
  '0x01',
  '0x00',
  '0x0001',
  '0x10000000000000000',
  '0x8000000000000000',
  '0xffffffffffffffff',
  '0xfffffffffffffffffffffffffff',
  '0xZZ',
  '0x1g',
  '0x 1',
  'x1',
  '0b101',
  '1e3',
];

const BAD_BLOCK_NUMBER: unknown[] = [...BAD_NUMBER_STRINGS, ...NOT_STRINGS, { blockNumber: '0x1' }, ['latest']];

/**
 * Invalid as a block number, tag or EIP-1898 object. Objects with neither field ({} or unknown fields only) are left
 * out: geth reads them as "no block" and fails later with -32000, where tsgeth refuses them as parameters.
 */
function badBlockRefs(v: ValidValues, rng: Rng): unknown[] {
  return [
    ...BAD_NUMBER_STRINGS,
    ...NOT_STRINGS.filter((x) => typeof x !== 'object' || x instanceof RawJson),
    [],
    ['latest'],
    `0x${'g'.repeat(64)}`,
    `0x${rng.hex(63)}z`,
    { blockHash: v.blockHash, blockNumber: '0x1' },
    { blockHash: v.blockHash, blockNumber: 'latest' },
    { blockNumber: 'latest', blockHash: `0x${rng.hex(64)}`, requireCanonical: true },
    { blockHash: '0x12' },
    { blockHash: v.blockHash, requireCanonical: 'yes' },
    { blockHash: v.blockHash, requireCanonical: 1 },
    { blockNumber: 'latestt' },
    { blockNumber: 1 },
    { blockNumber: '0x01' },
    { blockHash: 12 },
  ];
}

function badValues(kind: ParamKind, v: ValidValues, rng: Rng): unknown[] {
  switch (kind) {
    case 'address':
      return fixedHexInvalid(20, rng);
    case 'hash':
      return fixedHexInvalid(32, rng);
    case 'blockNumber':
      return BAD_BLOCK_NUMBER;
    case 'blockRef':
      return badBlockRefs(v, rng);
    case 'bool':
      return ['true', 'false', 1, 0, {}, [], 'yes', raw('1e400'), [true]];
    case 'callArgs':
      // Values of the wrong form only: combinations geth refuses later (both gasPrice and maxFeePerGas, data and
      // input that differ) get -32000 there but -32602 here.
      return [
        '0x',
        1,
        true,
        [],
        [{ to: v.callable }],
        'latest',
        { to: '0x12' },
        { to: v.callable.slice(0, -1) },
        { from: 5 },
        { from: v.address.slice(2) },
        { to: v.callable, gas: '0x1ffffffffffffffff' },
        { to: v.callable, gas: '1' },
        { to: v.callable, gas: 21000 },
        { to: v.callable, value: '0x01' },
        { to: v.callable, value: -1 },
        { to: v.callable, value: '0x1' + '0'.repeat(64) },
        { to: v.callable, input: '0x1' },
        { to: v.callable, data: '0xzz' },
        { to: v.callable, input: 'abcd' },
        { to: v.callable, accessList: 'x' },
        { to: v.callable, accessList: [{ address: '0x12' }] },
        { to: v.callable, accessList: [{ address: v.address, storageKeys: ['0x1'] }] },
        { to: v.callable, accessList: [{ address: v.address, storageKeys: '0x' + '0'.repeat(64) }] },
        { to: v.callable, blobVersionedHashes: '0x' },
        { to: v.callable, nonce: '0x' },
        { to: v.callable, nonce: '0x10000000000000000' },
        { to: v.callable, chainId: 'x' },
        { to: v.callable, maxFeePerGas: {} },
        { to: v.callable, gasPrice: [] },
      ];
    case 'filter':
      return [
        'latest',
        5,
        [],
        true,
        [{ fromBlock: '0x0' }],
        { blockHash: v.blockHash, fromBlock: '0x1' },
        { blockHash: v.blockHash, toBlock: 'latest' },
        { fromBlock: 'latestt' },
        { toBlock: '0x' },
        { fromBlock: 1 },
        { toBlock: '0x01' },
        { blockHash: '0x12' },
        { address: '0x12' },
        { address: [1] },
        { address: 5 },
        { address: [v.address, '0x1'] },
        { topics: 'x' },
        { topics: [1] },
        { topics: [[1]] },
        { topics: [['0x12']] },
        { topics: [{}] },
      ];
    case 'data':
      return ['0x1', '0x123', 'abc', '0xzz', 'zz', '0x 00', ' 0x00', '00', ...NOT_STRINGS];
    case 'slot':
      return ['0xzz', 'zz', '0x' + '1'.repeat(65), '0x 1', ...NOT_STRINGS];
    case 'slots':
      return ['0x0', 1, {}, true, [1], ['0xzz'], [[]], ['0x' + '1'.repeat(65)]];
    case 'index':
      return ['0x', '1', '0x01', '0xzz', 'first', -1, 1, {}, [], true];
    case 'count':
      return ['x', -1, 1.5, '0x', '0xzz', '-1', '0x10000000000000000', '18446744073709551616', {}, [], true];
    case 'percentiles':
      return ['x', 1, {}, true, ['a'], [true], [{}], [[25]], '[25]'];
    case 'overrides':
      return [
        'x',
        1,
        [],
        true,
        { '0x12': {} },
        { [v.address]: 'x' },
        { [v.address]: { balance: 'x' } },
        { [v.address]: { balance: '0x01' } },
        { [v.address]: { code: '0x1' } },
        { [v.address]: { nonce: '0x' } },
        { [v.address]: { state: { '0x1': '0x' + '0'.repeat(64) } } },
        { [v.address]: { stateDiff: { ['0x' + '0'.repeat(64)]: 5 } } },
      ];
  }
}

interface MethodSpec {
  name: string;
  kinds: ParamKind[];
  /** How many leading parameters are required. */
  required: number;
  valid: (v: ValidValues) => unknown[];
}

/** Real methods with their parameter kinds and one valid parameter list each. */
const METHODS: MethodSpec[] = [
  { name: 'eth_getBalance', kinds: ['address', 'blockRef'], required: 1, valid: (v) => [v.address, 'latest'] },
  { name: 'eth_getTransactionCount', kinds: ['address', 'blockRef'], required: 1, valid: (v) => [v.address, 'latest'] },
  { name: 'eth_getCode', kinds: ['address', 'blockRef'], required: 1, valid: (v) => [v.callable, '0x1'] },
  {
    name: 'eth_getStorageAt',
    kinds: ['address', 'slot', 'blockRef'],
    required: 2,
    valid: (v) => [v.callable, '0x0', 'latest'],
  },
  { name: 'eth_getProof', kinds: ['address', 'slots', 'blockRef'], required: 2, valid: (v) => [v.callable, ['0x0'], 'latest'] },
  { name: 'eth_call', kinds: ['callArgs', 'blockRef', 'overrides'], required: 1, valid: (v) => [{ to: v.callable }, 'latest'] },
  { name: 'eth_estimateGas', kinds: ['callArgs', 'blockRef', 'overrides'], required: 1, valid: (v) => [{ to: v.address }] },
  { name: 'eth_createAccessList', kinds: ['callArgs', 'blockRef'], required: 1, valid: (v) => [{ to: v.callable }] },
  { name: 'eth_getBlockByNumber', kinds: ['blockNumber', 'bool'], required: 2, valid: () => ['0x1', false] },
  { name: 'eth_getBlockByHash', kinds: ['hash', 'bool'], required: 2, valid: (v) => [v.blockHash, true] },
  { name: 'eth_getHeaderByNumber', kinds: ['blockNumber'], required: 1, valid: () => ['latest'] },
  { name: 'eth_getHeaderByHash', kinds: ['hash'], required: 1, valid: (v) => [v.blockHash] },
  { name: 'eth_getBlockTransactionCountByNumber', kinds: ['blockNumber'], required: 1, valid: () => ['0x2'] },
  { name: 'eth_getBlockTransactionCountByHash', kinds: ['hash'], required: 1, valid: (v) => [v.blockHash] },
  { name: 'eth_getBlockReceipts', kinds: ['blockRef'], required: 1, valid: () => ['0x2'] },
  { name: 'eth_getTransactionByHash', kinds: ['hash'], required: 1, valid: (v) => [v.txHash] },
  { name: 'eth_getTransactionReceipt', kinds: ['hash'], required: 1, valid: (v) => [v.txHash] },
  {
    name: 'eth_getTransactionByBlockNumberAndIndex',
    kinds: ['blockNumber', 'index'],
    required: 2,
    valid: () => ['0x1', '0x0'],
  },
  {
    name: 'eth_getTransactionByBlockHashAndIndex',
    kinds: ['hash', 'index'],
    required: 2,
    valid: (v) => [v.blockHash, '0x0'],
  },
  { name: 'eth_getLogs', kinds: ['filter'], required: 1, valid: () => [{ fromBlock: '0x0', toBlock: 'latest' }] },
  {
    name: 'eth_feeHistory',
    kinds: ['count', 'blockNumber', 'percentiles'],
    required: 3,
    valid: () => ['0x2', 'latest', [25, 75]],
  },
  { name: 'web3_sha3', kinds: ['data'], required: 1, valid: () => ['0x00ff'] },
  { name: 'eth_sendRawTransaction', kinds: ['data'], required: 1, valid: () => ['0x00'] },
];

/** Methods without parameters, for valid calls and "too many arguments". */
const NO_PARAM_METHODS = ['eth_blockNumber', 'eth_chainId', 'net_version', 'web3_clientVersion', 'eth_gasPrice', 'eth_syncing'];

/** Names that are not methods of the server (or not of the namespaces it serves by default). */
const NOT_METHODS = [
  'eth_blocknumber',
  'ETH_BLOCKNUMBER',
  'eth_BlockNumber',
  'eth_blockNumber ',
  ' eth_blockNumber',
  'eth.blockNumber',
  'ethblockNumber',
  'eth__blockNumber',
  'eth_',
  '_',
  'eth',
  'rpc_foo',
  'rpc_modulesx',
  'admin_peers',
  'admin_nodeInfo',
  'debug_traceTransaction',
  'personal_listAccounts',
  'miner_start',
  'txpool_status',
  'engine_newPayloadV3',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'eth_blockNumber\u0000',
  'eth_blöckNumber',
  '🙂',
];

export interface Generated {
  cases: MalformedCase[];
  counts: Record<CaseKind, number>;
}

const encoder = new TextEncoder();

/**
 * `perKind` cases of every kind from `seed` (a few kinds have a fixed, smaller set). Ids are unique numbers, so
 * replies can be told apart.
 */
export function generateMalformedCases(seed: number, perKind: number, v: ValidValues): Generated {
  const rng = new Rng(seed);
  let nextId = 1;
  const id = (): number => nextId++;
  const cases: MalformedCase[] = [];
  const counts = Object.fromEntries(CASE_KINDS.map((k) => [k, 0])) as Record<CaseKind, number>;

  const add = (
    kind: CaseKind,
    body: string | Uint8Array,
    expected: Expected,
    http: { contentType?: string | null; method?: string; httpOnly?: boolean } = {},
  ): void => {
    const bytes = typeof body === 'string' ? encoder.encode(body) : body;
    cases.push({
      kind,
      body: bytes,
      contentType: http.contentType === undefined ? 'application/json' : http.contentType,
      httpMethod: http.method ?? 'POST',
      httpOnly: http.httpOnly ?? false,
      binary: typeof body !== 'string',
      expected,
    });
    counts[kind]++;
  };

  const single = (reqId: RequestId, outcome: Outcome): Expected => ({ type: 'single', reply: { id: reqId, outcome } });
  const call = (reqId: number, method: string, params?: unknown): Record<string, unknown> => ({
    jsonrpc: '2.0',
    id: reqId,
    method,
    params,
  });

  /** A valid call of a real method, and the outcome it gets (no params: any result is fine). */
  const validCall = (reqId: number): Record<string, unknown> => {
    if (rng.chance(0.5)) return call(reqId, rng.pick(NO_PARAM_METHODS), rng.chance(0.5) ? [] : undefined);
    const m = rng.pick(METHODS.filter((x) => x.name !== 'eth_sendRawTransaction'));
    return call(reqId, m.name, m.valid(v));
  };

  /** A method call whose params are wrong in one place; the others are valid. */
  const wrongParamCall = (reqId: number): Record<string, unknown> => {
    const m = rng.pick(METHODS);
    const params = m.valid(v);
    while (params.length < m.kinds.length && rng.chance(0.3)) params.push(null);
    const at = rng.int(m.kinds.length);
    while (params.length <= at) params.push(null);
    params[at] = rng.pick(badValues(m.kinds[at]!, v, rng));
    return call(reqId, m.name, params);
  };

  /** Valid request texts, the raw material of broken JSON. */
  const validText = (): string => {
    if (rng.chance(0.3)) {
      const n = 1 + rng.int(4);
      return toJson(Array.from({ length: n }, () => validCall(id())));
    }
    const text = toJson(validCall(id()));
    return rng.chance(0.2) ? JSON.stringify(JSON.parse(text), null, 2) : text;
  };

  const isJson = (text: string): boolean => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };

  for (let i = 0; i < perKind; i++) {
    // Cut short anywhere: never valid JSON.
    const text = validText();
    const truncated = text.slice(0, 1 + rng.int(text.length - 1));
    if (!isJson(truncated)) add('truncated-json', truncated, single(null, err(PARSE_ERROR)));
  }

  const GARBAGE_CHARS = ['{', '}', '[', ']', '"', ':', ',', '\\', "'", 'x', '0', '-', '\n', '\u0001', '\u2028', '/'];
  while (counts['garbled-json'] < perKind) {
    let text = validText();
    for (let n = 1 + rng.int(3); n > 0; n--) {
      const at = rng.int(text.length);
      const op = rng.int(3);
      if (op === 0) text = text.slice(0, at) + rng.pick(GARBAGE_CHARS) + text.slice(at + 1);
      else if (op === 1) text = text.slice(0, at) + text.slice(at + 1);
      else text = text.slice(0, at) + rng.pick(GARBAGE_CHARS) + text.slice(at);
    }
    // A change that leaves valid JSON has some other meaning: those are other kinds' business.
    if (!isJson(text)) add('garbled-json', text, single(null, err(PARSE_ERROR)));
  }

  const NOT_JSON = [
    'hello',
    "{'jsonrpc':'2.0','id':1,'method':'eth_blockNumber'}",
    '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber",}',
    '[{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"},]',
    '{jsonrpc:"2.0",id:1,method:"eth_blockNumber"}',
    'NaN',
    'Infinity',
    '-Infinity',
    'undefined',
    'nul',
    'True',
    '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}/*x*/',
    '// comment\n{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}',
    '{"jsonrpc":"2.0","id":01,"method":"eth_blockNumber"}',
    '{"jsonrpc":"2.0","id":0x1,"method":"eth_blockNumber"}',
    '{"jsonrpc":"2.0","id":1.,"method":"eth_blockNumber"}',
    '{"jsonrpc":"2.0","id":+1,"method":"eth_blockNumber"}',
    '{"jsonrpc":"2.0","id":1,"method":"eth_block\tNumber"}',
    '{"jsonrpc":"2.0","id":1,"method":"eth_\\xblockNumber"}',
    '{"jsonrpc":"2.0","id":1,"method":"\\ud800\\u"}',
    '\uFEFF{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}',
    '{"jsonrpc":"2.0" "id":1}',
    '{"jsonrpc":"2.0",,"id":1}',
    '{"jsonrpc"}',
    '{:"2.0"}',
    '{"a":1 "b":2}',
    '[',
    ']',
    '{',
    '}',
    '[[',
    ']]',
    '"',
    '"unterminated',
    '0x1',
    '\u0000',
    '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[}',
    `{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":["${v.address}",'latest']}`,
    '[1 2]',
    'true false',
    '{}{',
    '--1',
    '1e',
    '.5',
  ];
  for (const text of NOT_JSON) if (isJson(text)) throw new Error(`not-json case is JSON: ${text}`);
  for (let i = 0; i < perKind; i++) {
    const text = NOT_JSON[i % NOT_JSON.length]!;
    const padded = i < NOT_JSON.length ? text : `${' '.repeat(rng.int(3))}${text}${'\n'.repeat(rng.int(2))}`;
    add('not-json', padded, single(null, err(PARSE_ERROR)));
  }

  // Bytes that are not UTF-8: outside strings they break the JSON; inside, they read as U+FFFD, so the string is
  // simply wrong (a method that does not exist, an address that is not hex).
  const BAD_UTF8 = [[0xff], [0xfe], [0xc0, 0x80], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc3]];
  for (let i = 0; i < perKind; i++) {
    const bad = Uint8Array.from(rng.pick(BAD_UTF8));
    const join = (...parts: (string | Uint8Array)[]): Uint8Array =>
      Uint8Array.from(parts.flatMap((p) => [...(typeof p === 'string' ? encoder.encode(p) : p)]));
    const reqId = id();
    switch (i % 4) {
      case 0:
        add('non-utf8', join(bad, toJson(call(reqId, 'eth_blockNumber', []))), single(null, err(PARSE_ERROR)));
        break;
      case 1: {
        const text = toJson(call(reqId, 'eth_blockNumber', []));
        const at = text.indexOf('"method"');
        add('non-utf8', join(text.slice(0, at), bad, text.slice(at)), single(null, err(PARSE_ERROR)));
        break;
      }
      case 2:
        add(
          'non-utf8',
          join(`{"jsonrpc":"2.0","id":${reqId},"method":"eth_block`, bad, `Number","params":[]}`),
          single(reqId, err(METHOD_NOT_FOUND)),
        );
        break;
      case 3:
        add(
          'non-utf8',
          join(
            `{"jsonrpc":"2.0","id":${reqId},"method":"eth_getBalance","params":["${v.address.slice(0, 20)}`,
            bad,
            `${v.address.slice(20 + bad.length)}"]}`,
          ),
          single(reqId, err(INVALID_PARAMS)),
        );
        break;
    }
  }

  // The envelope. tsgeth follows the specification where geth is looser: "jsonrpc" must be exactly "2.0" and an
  // id a string, a number or null.
  const BAD_VERSIONS: unknown[] = [undefined, '1.0', '2', '2.00', ' 2.0', 2, 2.0, raw('2.0'), null, true, ['2.0'], { v: '2.0' }];
  for (let i = 0; i < perKind; i++) {
    const reqId = id();
    const message = { ...validCall(reqId), jsonrpc: BAD_VERSIONS[i % BAD_VERSIONS.length] };
    add('bad-jsonrpc', toJson(message), single(reqId, err(INVALID_REQUEST)));
  }

  const BAD_IDS: unknown[] = [true, false, {}, [], { id: 1 }, [1], raw('1e400'), raw('-1e999')];
  for (let i = 0; i < perKind; i++) {
    const message = { ...validCall(id()), id: BAD_IDS[i % BAD_IDS.length] };
    add('bad-id', toJson(message), single(null, err(INVALID_REQUEST)));
  }

  const BAD_METHODS: unknown[] = [undefined, 1, 0, null, true, [], ['eth_blockNumber'], {}, { name: 'eth_blockNumber' }, ''];
  for (let i = 0; i < perKind; i++) {
    const reqId = id();
    const message = { ...validCall(reqId), method: BAD_METHODS[i % BAD_METHODS.length] };
    // Without a method it is no notification either: answered under a null id when it has none.
    const withId = rng.chance(0.8);
    if (!withId) delete (message as Record<string, unknown>).id;
    add('bad-method', toJson(message), single(withId ? reqId : null, err(INVALID_REQUEST)));
  }

  const NOT_OBJECTS = ['1', '0', '-1.5', '"eth_blockNumber"', '""', 'null', 'true', 'false', '1e400'];
  for (let i = 0; i < perKind; i++) {
    add('not-an-object', NOT_OBJECTS[i % NOT_OBJECTS.length]!, single(null, err(INVALID_REQUEST)));
  }

  // By-name parameters are not supported (as in geth): any params that are not an array (or null) of a real method.
  const NOT_ARRAYS: unknown[] = [{}, { address: v.address }, 'latest', '', 1, 0, true, false, raw('1e400')];
  for (let i = 0; i < perKind; i++) {
    const reqId = id();
    const name = rng.chance(0.5) ? rng.pick(NO_PARAM_METHODS) : rng.pick(METHODS).name;
    add('params-not-array', toJson(call(reqId, name, NOT_ARRAYS[i % NOT_ARRAYS.length])), single(reqId, err(INVALID_PARAMS)));
  }

  for (let i = 0; i < perKind; i++) {
    const reqId = id();
    if (rng.chance(0.3)) {
      // Arguments for a method that takes none.
      const extra = Array.from({ length: 1 + rng.int(3) }, () => rng.pick<unknown>(['latest', 1, null, {}, []]));
      add('wrong-arity', toJson(call(reqId, rng.pick(NO_PARAM_METHODS), extra)), single(reqId, err(INVALID_PARAMS)));
      continue;
    }
    const m = rng.pick(METHODS);
    const params = m.valid(v);
    if (rng.chance(0.5)) {
      // Too many: even trailing nulls count.
      while (params.length < m.kinds.length) params.push(null);
      for (let n = 1 + rng.int(3); n > 0; n--) params.push(rng.pick<unknown>([null, 'latest', 1, {}]));
    } else {
      // A required argument missing, or given as null.
      const keep = rng.int(m.required);
      params.length = keep;
      if (rng.chance(0.5)) params.push(null);
    }
    add('wrong-arity', toJson(call(reqId, m.name, params)), single(reqId, err(INVALID_PARAMS)));
  }

  for (let i = 0; i < perKind; i++) {
    const reqId = id();
    add('wrong-param-type', toJson(wrongParamCall(reqId)), single(reqId, err(INVALID_PARAMS)));
  }

  // Block parameters: numbers or tags only, or the EIP-1898 forms.
  const blockMethods = METHODS.filter((m) => m.kinds.includes('blockNumber') || m.kinds.includes('blockRef'));
  for (let i = 0; i < perKind; i++) {
    const reqId = id();
    const m = rng.pick(blockMethods);
    const at = m.kinds.findIndex((k) => k === 'blockNumber' || k === 'blockRef');
    const params = m.valid(v);
    while (params.length <= at) params.push(null);
    params[at] = rng.pick(badValues(m.kinds[at]!, v, rng));
    add('invalid-block-tag', toJson(call(reqId, m.name, params)), single(reqId, err(INVALID_PARAMS)));
  }

  // Hex: odd lengths, missing prefix, wrong digits, leading zeros in quantities, wrong sizes.
  const HEX_TARGETS: { method: string; params: (bad: unknown) => unknown[]; kind: ParamKind }[] = [
    { method: 'eth_getBalance', params: (bad) => [bad, 'latest'], kind: 'address' },
    { method: 'eth_getCode', params: (bad) => [bad], kind: 'address' },
    { method: 'eth_getBlockByHash', params: (bad) => [bad, false], kind: 'hash' },
    { method: 'eth_getTransactionByHash', params: (bad) => [bad], kind: 'hash' },
    { method: 'web3_sha3', params: (bad) => [bad], kind: 'data' },
    { method: 'eth_call', params: (bad) => [{ to: v.callable, input: bad }], kind: 'data' },
    { method: 'eth_getStorageAt', params: (bad) => [v.callable, bad], kind: 'slot' },
  ];
  const BAD_QUANTITIES = ['0x', '0x01', '0x00', '1', '0xg', '0x1 ', 'x1', '-0x1', '0x1.5', '0x' + 'f'.repeat(65)];
  for (let i = 0; i < perKind; i++) {
    const reqId = id();
    if (i % 3 === 2) {
      // A quantity: value, gas, nonce of a call.
      const field = rng.pick(['value', 'gas', 'nonce', 'gasPrice', 'maxFeePerGas']);
      const params = [{ to: v.callable, [field]: rng.pick(BAD_QUANTITIES) }];
      add('invalid-hex', toJson(call(reqId, 'eth_call', params)), single(reqId, err(INVALID_PARAMS)));
      continue;
    }
    const target = rng.pick(HEX_TARGETS);
    const bad = rng.pick(badValues(target.kind, v, rng).filter((x) => typeof x === 'string'));
    add('invalid-hex', toJson(call(reqId, target.method, target.params(bad))), single(reqId, err(INVALID_PARAMS)));
  }

  for (let i = 0; i < perKind; i++) {
    const reqId = id();
    const name =
      i < NOT_METHODS.length
        ? NOT_METHODS[i]!
        : rng.chance(0.5)
          ? `${rng.pick(['eth', 'net', 'web3', 'rpc', 'debug', 'admin', 'foo', 'Eth'])}_zz${rng.word(1 + rng.int(12))}`
          : rng.chance(0.9)
            ? `zz${rng.word(1 + rng.int(30))}`
            : `eth_zz${'x'.repeat(10_000)}`;
    add('unknown-method', toJson(call(reqId, name, rng.chance(0.8) ? [] : [v.address, 'latest'])), single(reqId, err(METHOD_NOT_FOUND)));
  }

  const EMPTY_BATCHES = ['[]', '[ ]', '[\n]', ' [] ', '[\t\r\n ]'];
  for (let i = 0; i < Math.min(perKind, EMPTY_BATCHES.length * 4); i++) {
    add('empty-batch', EMPTY_BATCHES[i % EMPTY_BATCHES.length]!, single(null, err(INVALID_REQUEST)));
  }

  // Batches mixing valid calls, notifications and every sort of broken item, each answered in its place.
  for (let i = 0; i < perKind; i++) {
    const items: unknown[] = [];
    const replies: Reply[] = [];
    const n = 1 + rng.int(rng.chance(0.1) ? 200 : 12);
    for (let j = 0; j < n; j++) {
      const reqId = id();
      switch (rng.int(9)) {
        case 0:
          items.push(validCall(reqId));
          replies.push({ id: reqId, outcome: OK });
          break;
        case 1: {
          // A notification, valid or not: never answered.
          const note = rng.chance(0.5) ? validCall(reqId) : rng.chance(0.5) ? wrongParamCall(reqId) : call(reqId, 'eth_zzNope');
          delete note.id;
          items.push(note);
          break;
        }
        case 2:
          items.push(rng.pick<unknown>([1, 'x', null, true, false, 0, raw('1e400')]));
          replies.push({ id: null, outcome: err(INVALID_REQUEST) });
          break;
        case 3:
          items.push(rng.pick<unknown>([[], [validCall(reqId)], [[]], [1, 2]]));
          replies.push({ id: null, outcome: err(INVALID_REQUEST) });
          break;
        case 4:
          items.push({ ...validCall(reqId), jsonrpc: rng.pick<unknown>(['1.0', 2, undefined]) });
          replies.push({ id: reqId, outcome: err(INVALID_REQUEST) });
          break;
        case 5:
          items.push({ ...validCall(reqId), id: rng.pick<unknown>([true, {}, []]) });
          replies.push({ id: null, outcome: err(INVALID_REQUEST) });
          break;
        case 6:
          items.push(wrongParamCall(reqId));
          replies.push({ id: reqId, outcome: err(INVALID_PARAMS) });
          break;
        case 7:
          items.push(call(reqId, `eth_zz${rng.word(6)}`, []));
          replies.push({ id: reqId, outcome: err(METHOD_NOT_FOUND) });
          break;
        default:
          items.push({ ...validCall(reqId), method: rng.pick<unknown>([1, null, '']) });
          replies.push({ id: reqId, outcome: err(INVALID_REQUEST) });
      }
    }
    add('mixed-batch', toJson(items), replies.length === 0 ? { type: 'none' } : { type: 'batch', replies });
  }

  // Arrays where requests belong: each inner array is one invalid item of the outer batch.
  for (let i = 0; i < perKind; i++) {
    const depth = 1 + rng.int(6);
    const inner = (content: string): string => '['.repeat(depth) + content + ']'.repeat(depth);
    const count = 1 + rng.int(4);
    const items = Array.from({ length: count }, () => inner(rng.chance(0.5) ? '' : toJson(validCall(id()))));
    add('nested-array', `[${items.join(',')}]`, {
      type: 'batch',
      replies: items.map(() => ({ id: null, outcome: err(INVALID_REQUEST) })),
    });
  }

  // Deep nesting, below the 10000 levels at which geth's decoder gives up on the whole message.
  const SCALAR_FIRST = METHODS.filter((m) => ['address', 'hash', 'blockNumber', 'data', 'count'].includes(m.kinds[0]!));
  for (let i = 0; i < perKind; i++) {
    const depth = 100 + rng.int(9_000);
    const deepArray = raw('['.repeat(depth) + ']'.repeat(depth));
    const deepObject = raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
    const reqId = id();
    switch (i % 4) {
      case 0:
        add('deep-json', `[${deepArray.text}]`, { type: 'batch', replies: [{ id: null, outcome: err(INVALID_REQUEST) }] });
        break;
      case 1:
        // Only where no object or array is acceptable: geth reads unknown fields of an object parameter as absent.
        add(
          'deep-json',
          toJson(call(reqId, rng.pick(SCALAR_FIRST).name, [rng.chance(0.5) ? deepArray : deepObject])),
          single(reqId, err(INVALID_PARAMS)),
        );
        break;
      case 2:
        add('deep-json', deepObject.text, single(null, err(INVALID_REQUEST)));
        break;
      case 3:
        // Fields a request does not have are ignored, however deep.
        add(
          'deep-json',
          toJson({ ...call(reqId, 'eth_blockNumber', []), extra: rng.chance(0.5) ? deepArray : deepObject }),
          single(reqId, OK),
        );
        break;
    }
  }

  // Unusual but valid: must not be refused.
  const checksummed = v.address.slice(0, 2) + v.address.slice(2).toUpperCase();
  const oddButValid: (() => [string, Outcome, RequestId])[] = [
    () => {
      const reqId = `${rng.word(1 + rng.int(40))}`;
      return [toJson({ ...call(0, 'eth_chainId', []), id: reqId }), OK, reqId];
    },
    () => ['{"jsonrpc":"2.0","id":"","method":"eth_chainId"}', OK, ''],
    () => ['{"jsonrpc":"2.0","id":null,"method":"eth_chainId","params":null}', OK, null],
    () => ['{"jsonrpc":"2.0","id":-7,"method":"eth_chainId"}', OK, -7],
    () => ['{"jsonrpc":"2.0","id":1.5,"method":"eth_chainId"}', OK, 1.5],
    () => ['{"jsonrpc":"2.0","id":"\u00e9\u2603","method":"net_version","params":[]}', OK, '\u00e9\u2603'],
    () => {
      const reqId = id();
      return [`  \n\t${toJson(call(reqId, 'eth_blockNumber', []))}\r\n `, OK, reqId];
    },
    () => {
      const reqId = id();
      return [toJson({ params: [], method: 'eth_blockNumber', id: reqId, jsonrpc: '2.0', extra: { x: [1, 2] } }), OK, reqId];
    },
    () => {
      const reqId = id();
      // geth reads "0X" as a hex prefix too, and hex digits in either case.
      return [toJson(call(reqId, 'eth_getBalance', [`0X${v.address.slice(2)}`, 'latest'])), OK, reqId];
    },
    () => {
      const reqId = id();
      return [toJson(call(reqId, 'eth_getBalance', [checksummed, null])), OK, reqId];
    },
    () => {
      const reqId = id();
      return [toJson(call(reqId, 'eth_getBlockByNumber', ['0X1', false])), OK, reqId];
    },
    () => {
      const reqId = id();
      return [toJson(call(reqId, 'eth_getBlockByNumber', ['0x0', false])), OK, reqId];
    },
    () => {
      const reqId = id();
      return [toJson(call(reqId, 'eth_getBalance', [v.address, { blockNumber: '0x1' }])), OK, reqId];
    },
    () => {
      const reqId = id();
      return [toJson(call(reqId, 'eth_getBalance', [v.address, { blockHash: v.blockHash, requireCanonical: true }])), OK, reqId];
    },
    () => {
      const reqId = id();
      return [toJson(call(reqId, 'eth_getStorageAt', [v.callable, '5'])), OK, reqId];
    },
    () => {
      const reqId = id();
      return [toJson(call(reqId, 'web3_sha3', ['0X' + 'AB'.repeat(rng.int(100))])), OK, reqId];
    },
    () => {
      const reqId = id();
      return [toJson(call(reqId, 'eth_feeHistory', [2, 'latest', []])), OK, reqId];
    },
  ];
  for (let i = 0; i < perKind; i++) {
    const [text, outcome, reqId] = oddButValid[i % oddButValid.length]!();
    add('odd-but-valid', text, single(reqId, outcome));
  }

  // geth serves only JSON content types (415 for the rest, whatever the body) and refuses PUT and DELETE (405).
  const BAD_TYPES: (string | null)[] = [
    null,
    'text/plain',
    'text/json',
    'text/html; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
    'application/json-rpcx',
    'application/jsonx',
    'application/xml',
    'application/octet-stream',
    'json',
    'application/',
    '*/*',
    'application/ json',
  ];
  const GOOD_TYPES = [
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/json-rpc',
    'application/jsonrequest',
    'Application/Json;charset=UTF-8',
  ];
  for (let i = 0; i < perKind; i++) {
    const reqId = id();
    const body = toJson(call(reqId, 'eth_blockNumber', []));
    if (i % 4 === 3) {
      add('wrong-content-type', body, single(reqId, OK), { contentType: GOOD_TYPES[(i >> 2) % GOOD_TYPES.length]!, httpOnly: true });
    } else {
      add('wrong-content-type', rng.chance(0.2) ? 'garbage' : body, { type: 'status', status: 415 }, {
        contentType: BAD_TYPES[i % BAD_TYPES.length]!,
        httpOnly: true,
      });
    }
  }

  for (let i = 0; i < Math.min(perKind, 40); i++) {
    const body = rng.chance(0.5) ? toJson(call(id(), 'eth_blockNumber', [])) : '{"broken';
    add('wrong-http-method', body, { type: 'status', status: 405 }, { method: i % 2 === 0 ? 'PUT' : 'DELETE', httpOnly: true });
  }

  return { cases, counts };
}
