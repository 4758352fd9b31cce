import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newPassword, PasswordPrompt, readPasswordFile } from './password.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-password-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A prompt fed from a pipe (not a terminal), its questions collected. */
function piped(input: string): { prompt: PasswordPrompt; said: () => string } {
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  const output = new PassThrough();
  let said = '';
  output.on('data', (d) => (said += d));
  (stdin as unknown as PassThrough).end(input);
  return { prompt: new PasswordPrompt(stdin, output), said: () => said };
}

describe('readPasswordFile', () => {
  it('takes the first line, without its line ending', () => {
    const path = join(dir, 'pw');
    writeFileSync(path, 'secret one\r\nsecond\n');
    expect(readPasswordFile(path)).toBe('secret one');
    writeFileSync(path, '');
    expect(readPasswordFile(path)).toBe('');
  });

  it('names a file it cannot read', () => {
    expect(() => readPasswordFile(join(dir, 'absent'))).toThrow(/^failed to read password file: ENOENT/);
  });
});

describe('newPassword', () => {
  it('uses the password file when given, without asking', async () => {
    const path = join(dir, 'pw');
    writeFileSync(path, 'from file\n');
    const { prompt, said } = piped('');
    expect(await newPassword(path, prompt)).toBe('from file');
    expect(said()).toBe('');
  });

  it('asks twice on standard input and takes matching answers', async () => {
    const { prompt, said } = piped('hunter2\nhunter2\n');
    expect(await newPassword(undefined, prompt)).toBe('hunter2');
    expect(said()).toContain('Password: \nRepeat password: \n');
  });

  it('refuses answers that differ, and input that ends early', async () => {
    await expect(newPassword(undefined, piped('a\nb\n').prompt)).rejects.toThrow('Passwords do not match');
    await expect(newPassword(undefined, piped('only one\n').prompt)).rejects.toThrow('no password given: standard input ended');
  });
});
