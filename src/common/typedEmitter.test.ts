import { describe, expect, it } from 'vitest';
import { Logger, type LogFields, type LogLevel } from './log.js';
import { TypedEmitter } from './typedEmitter.js';

interface Events {
  count: number;
  name: string;
}

class CapturingLogger extends Logger {
  readonly lines: string[] = [];
  override log(level: LogLevel, msg: string, fields?: LogFields): void {
    this.lines.push(`${level} ${msg} ${String(fields?.event)} ${(fields?.err as Error).message}`);
  }
}

describe('TypedEmitter', () => {
  it('delivers each event to its own listeners until they are removed', () => {
    const emitter = new TypedEmitter<Events>('listener failed');
    const seen: string[] = [];
    const stop = emitter.on('count', (n) => seen.push(`count ${n}`));
    const named = (s: string): void => void seen.push(`name ${s}`);
    emitter.on('name', named);
    expect(emitter.listenerCount('count')).toBe(1);

    emitter.emit('count', 1);
    emitter.emit('name', 'a');
    stop();
    emitter.off('name', named);
    emitter.emit('count', 2);
    emitter.emit('name', 'b');

    expect(seen).toEqual(['count 1', 'name a']);
    expect(emitter.listenerCount('count')).toBe(0);
    expect(emitter.listenerCount('name')).toBe(0);
  });

  it('emits to nobody without error, and a listener may unsubscribe itself while being called', () => {
    const emitter = new TypedEmitter<Events>('listener failed');
    emitter.emit('count', 0);
    const seen: number[] = [];
    const stop = emitter.on('count', (n) => {
      seen.push(n);
      stop();
    });
    emitter.on('count', (n) => seen.push(n * 10));
    emitter.emit('count', 1);
    emitter.emit('count', 2);
    expect(seen).toEqual([1, 10, 20]);
  });

  it('logs a throwing listener with its message and still calls the others', () => {
    const log = new CapturingLogger();
    const emitter = new TypedEmitter<Events>('Something listener failed', log);
    const seen: number[] = [];
    emitter.on('count', () => {
      throw new Error('boom');
    });
    emitter.on('count', (n) => seen.push(n));
    emitter.emit('count', 7);
    expect(seen).toEqual([7]);
    expect(log.lines).toEqual(['error Something listener failed count boom']);
  });
});
