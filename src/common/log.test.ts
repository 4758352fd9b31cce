import { afterEach, describe, expect, it } from 'vitest';
import { configureLogging, Logger } from './log.js';

function capture(format: 'text' | 'json', verbosity = 3): string[] {
  const lines: string[] = [];
  configureLogging({ format, verbosity, write: (l) => lines.push(l) });
  return lines;
}

afterEach(() => configureLogging({ format: 'text', verbosity: 3, write: (l) => process.stderr.write(l + '\n') }));

describe('Logger', () => {
  it('writes level, message and key=value fields as text', () => {
    const lines = capture('text');
    new Logger().info('Imported new chain segment', { number: 5n, hash: new Uint8Array([0xab]), name: 'a b' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^INFO  \[\d\d-\d\d\|\d\d:\d\d:\d\d\.\d{3}\] Imported new chain segment +number=5 hash=0xab name="a b"$/);
  });

  it('writes JSON lines with a flag', () => {
    const lines = capture('json');
    new Logger({ module: 'db' }).warn('slow', { ms: 12, big: 1n << 70n });
    const obj = JSON.parse(lines[0]!);
    expect(obj).toMatchObject({ lvl: 'warn', msg: 'slow', module: 'db', ms: 12, big: '1180591620717411303424' });
  });

  it('drops lines above the verbosity', () => {
    const lines = capture('text', 2);
    const l = new Logger();
    l.info('hidden');
    l.debug('hidden');
    l.warn('shown');
    expect(lines).toHaveLength(1);
  });
});
