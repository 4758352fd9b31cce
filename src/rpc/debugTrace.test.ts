import { describe, expect, it } from 'vitest';
import { decodeTraceConfig, DEFAULT_TRACE_TIMEOUT_MS, parseGoDuration } from './debugTrace.js';
import { ParamError } from './params.js';

describe('parseGoDuration', () => {
  it('reads Go durations, compound ones too', () => {
    expect(parseGoDuration('5s')).toBe(5000);
    expect(parseGoDuration('300ms')).toBe(300);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('1h')).toBe(3_600_000);
    expect(parseGoDuration('2000us')).toBe(2);
    expect(parseGoDuration('.5s')).toBe(500);
    expect(parseGoDuration('1.s')).toBe(1000);
  });

  it('rejects malformed ones and negative ones', () => {
    for (const bad of ['', '5', 's', '5 s', '-1s', '1d', '5s ', '.s', '1..5s']) {
      expect(() => parseGoDuration(bad), bad).toThrow(ParamError);
    }
  });
});

describe('decodeTraceConfig', () => {
  it('defaults to the struct logger with storage and stack, no memory, geth timeout', () => {
    expect(decodeTraceConfig({})).toEqual({
      tracer: 'structLogger',
      disableStorage: false,
      disableStack: false,
      enableMemory: false,
      onlyTopCall: false,
      withLog: false,
      timeoutMs: DEFAULT_TRACE_TIMEOUT_MS,
    });
  });

  it('reads the call tracer and its config, and overrides only where allowed', () => {
    const raw = {
      tracer: 'callTracer',
      tracerConfig: { onlyTopCall: true, withLog: true },
      timeout: '10s',
      stateOverrides: { ['0x' + '00'.repeat(19) + '01']: { balance: '0x1' } },
    };
    expect(decodeTraceConfig(raw)).toMatchObject({ tracer: 'callTracer', onlyTopCall: true, withLog: true, timeoutMs: 10_000 });
    expect(decodeTraceConfig(raw).stateOverrides).toBeUndefined();
    expect(decodeTraceConfig(raw, true).stateOverrides).toHaveLength(1);
  });

  it('names the bad field', () => {
    expect(() => decodeTraceConfig('callTracer')).toThrow('expected an object, got a string');
    expect(() => decodeTraceConfig({ tracer: 'prestateTracer' })).toThrow('tracer: tracer "prestateTracer" not found');
    expect(() => decodeTraceConfig({ tracer: 7 })).toThrow('tracer 7 not found');
    expect(() => decodeTraceConfig({ disableStack: 'yes' })).toThrow('disableStack: expected true or false, got a string');
    expect(() => decodeTraceConfig({ tracerConfig: [] })).toThrow('tracerConfig: expected an object, got an array');
    expect(() => decodeTraceConfig({ tracerConfig: { withLog: 1 } })).toThrow('withLog: expected true or false');
    expect(() => decodeTraceConfig({ timeout: 5 })).toThrow('timeout: expected a duration string');
    expect(() => decodeTraceConfig({ enableReturnData: true })).toThrow('enableReturnData: not supported');
    expect(decodeTraceConfig({ enableReturnData: false }).tracer).toBe('structLogger');
  });
});
