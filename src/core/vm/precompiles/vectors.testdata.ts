// Loads the precompile vectors under test/fixtures/precompiles (see the README there).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Vector {
  Name: string;
  Input: string;
  Expected?: string;
  ExpectedError?: string;
  Gas?: number;
}

export function loadVectors(file: string): Vector[] {
  const url = new URL(`../../../../test/fixtures/precompiles/${file}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as Vector[];
}
