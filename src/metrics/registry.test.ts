import { describe, expect, it } from 'vitest';
import { Registry } from './registry.js';

describe('Registry', () => {
  it('writes counters and gauges in the Prometheus text format, sorted by name', () => {
    const r = new Registry();
    const c = r.counter('txs_total', 'Transactions seen');
    const g = r.gauge('queue_length', 'Queued items', ['queue']);
    c.inc();
    c.inc({}, 2);
    g.set(5, { queue: 'blocks' });
    g.inc({ queue: 'txs' });
    g.dec({ queue: 'blocks' }, 2);
    expect(r.exposition()).toBe(
      [
        '# HELP queue_length Queued items',
        '# TYPE queue_length gauge',
        'queue_length{queue="blocks"} 3',
        'queue_length{queue="txs"} 1',
        '# HELP txs_total Transactions seen',
        '# TYPE txs_total counter',
        'txs_total 3',
        '',
      ].join('\n'),
    );
    expect(c.get()).toBe(3);
    expect(g.get({ queue: 'blocks' })).toBe(3);
    expect(g.get({ queue: 'none' })).toBe(0);
  });

  it('lists an unlabelled metric as 0 before its first update, and a labelled one not at all', () => {
    const r = new Registry();
    r.gauge('a', 'A');
    r.counter('b', 'B', ['x']);
    expect(r.exposition()).toBe('# HELP a A\n# TYPE a gauge\na 0\n# HELP b B\n# TYPE b counter\n');
  });

  it('reads function gauges at scrape time, bigints too, and leaves out one whose reader throws', () => {
    const r = new Registry();
    let head = 1n;
    r.gaugeFunc('chain_head_block', 'Head block number', () => head);
    r.gaugeFunc('broken', 'Fails', () => {
      throw new Error('gone');
    });
    expect(r.exposition()).toContain('chain_head_block 1\n');
    head = 2n ** 60n;
    expect(r.exposition()).toContain(`chain_head_block ${2n ** 60n}\n`);
    expect(r.exposition()).not.toContain('broken');
  });

  it('escapes label values and help text, and writes special numbers as Prometheus does', () => {
    const r = new Registry();
    const g = r.gauge('g', 'line one\nback\\slash', ['l']);
    g.set(Infinity, { l: 'a"b\\c\nd' });
    g.set(NaN, { l: 'n' });
    g.set(-Infinity, { l: 'm' });
    const text = r.exposition();
    expect(text).toContain('# HELP g line one\\nback\\\\slash\n');
    expect(text).toContain('g{l="a\\"b\\\\c\\nd"} +Inf\n');
    expect(text).toContain('g{l="n"} NaN\n');
    expect(text).toContain('g{l="m"} -Inf\n');
  });

  it('refuses bad names, duplicates, wrong labels and counters going down', () => {
    const r = new Registry();
    expect(() => r.counter('1abc', 'x')).toThrow('invalid metric name "1abc"');
    expect(() => r.counter('a-b', 'x')).toThrow('invalid metric name');
    expect(() => r.gauge('g', 'x', ['bad-label'])).toThrow('invalid label name "bad-label"');
    expect(() => r.gauge('g', 'x', ['__reserved'])).toThrow('invalid label name');
    expect(() => r.gauge('g', 'x', ['a', 'a'])).toThrow('duplicate label names');
    const c = r.counter('c', 'x', ['method']);
    expect(() => r.gaugeFunc('c', 'again', () => 0)).toThrow('metric c is already registered');
    expect(() => c.inc({})).toThrow('metric c: label method missing');
    expect(() => c.inc({ method: 'a', other: 'b' })).toThrow('metric c: unknown label other');
    expect(() => c.inc({ method: 'a' }, -1)).toThrow('a counter cannot go down');
    expect(() => c.inc({ method: 'a' }, NaN)).toThrow('a counter cannot go down');
    expect(r.has('c')).toBe(true);
    expect(r.has('d')).toBe(false);
  });
});
