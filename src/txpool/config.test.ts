import { describe, expect, it } from 'vitest';
import { Logger, type LogFields, type LogLevel } from '../common/log.js';
import { DEFAULT_TXPOOL_CONFIG, sanitizeConfig } from './config.js';

class CapturingLogger extends Logger {
  readonly lines: string[] = [];
  override log(level: LogLevel, msg: string, fields?: LogFields): void {
    this.lines.push(`${level} ${msg} ${String(fields?.provided)} -> ${String(fields?.updated)}`);
  }
}

describe('sanitizeConfig', () => {
  it("has geth's defaults", () => {
    expect(sanitizeConfig({}, new CapturingLogger())).toEqual({
      priceLimit: 1n,
      priceBump: 10,
      accountSlots: 16,
      globalSlots: 5120,
      accountQueue: 64,
      globalQueue: 1024,
      lifetime: 3 * 3600 * 1000,
      locals: [],
      noLocals: false,
      rejournal: 3600 * 1000,
    });
  });

  it('keeps workable values and puts unworkable ones back to the default, with a warning each', () => {
    const log = new CapturingLogger();
    const given = { priceLimit: 0n, priceBump: 25, accountSlots: 0, globalSlots: -3, accountQueue: 1.5 };
    const config = sanitizeConfig({ ...given, globalQueue: 7, lifetime: NaN }, log);
    expect(config).toMatchObject({ priceLimit: 1n, priceBump: 25, accountSlots: 16, globalSlots: 5120 });
    expect(config).toMatchObject({ accountQueue: 64, globalQueue: 7 });
    expect(config.lifetime).toBe(DEFAULT_TXPOOL_CONFIG.lifetime);
    expect(log.lines).toEqual([
      'warn Sanitizing invalid txpool price limit 0 -> 1',
      'warn Sanitizing invalid txpool accountSlots 0 -> 16',
      'warn Sanitizing invalid txpool globalSlots -3 -> 5120',
      'warn Sanitizing invalid txpool accountQueue 1.5 -> 64',
      'warn Sanitizing invalid txpool lifetime NaN -> 10800000',
    ]);
  });

  it('refuses a local address that is not 20 bytes', () => {
    expect(() => sanitizeConfig({ locals: [new Uint8Array(19)] }, new CapturingLogger())).toThrow(
      'txpool local address must be 20 bytes: 0x',
    );
  });
});
