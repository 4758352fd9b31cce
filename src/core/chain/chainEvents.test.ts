import { describe, expect, it } from 'vitest';
import { Logger, type LogFields, type LogLevel } from '../../common/log.js';
import { genesisBlock } from '../genesis/genesisBlock.js';
import { ChainEvents } from './chainEvents.js';
import { testGenesis } from './testChain.js';

class CapturingLogger extends Logger {
  readonly lines: string[] = [];
  override log(level: LogLevel, msg: string, fields?: LogFields): void {
    this.lines.push(`${level} ${msg} ${String(fields?.event)} ${(fields?.err as Error).message}`);
  }
}

const block = genesisBlock(testGenesis());

describe('ChainEvents', () => {
  it('calls the listeners of an event with its payload, until they are removed', () => {
    const events = new ChainEvents();
    const seen: string[] = [];
    const unsubscribe = events.on('chainHead', (b) => seen.push(`a ${b.number}`));
    const other = (): void => void seen.push('b');
    events.on('chainHead', other);
    events.on('chainSideHead', () => seen.push('side'));
    expect(events.listenerCount('chainHead')).toBe(2);

    events.emit('chainHead', block);
    unsubscribe();
    events.off('chainHead', other);
    events.emit('chainHead', block);

    expect(seen).toEqual(['a 0', 'b']);
    expect(events.listenerCount('chainHead')).toBe(0);
    expect(events.listenerCount('chainSideHead')).toBe(1);
  });

  it('logs a listener that throws and still calls the others', () => {
    const log = new CapturingLogger();
    const events = new ChainEvents(log);
    const seen: number[] = [];
    events.on('chainHead', () => {
      throw new Error('boom');
    });
    events.on('chainHead', () => seen.push(1));
    events.emit('chainHead', block);
    expect(seen).toEqual([1]);
    expect(log.lines).toEqual(['error Chain event listener failed chainHead boom']);
  });
});
