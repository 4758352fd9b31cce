// Benchmark settings read from the environment: an unset or blank variable takes the default, anything else must
// be valid or the run stops naming the variable.

/** A positive integer setting. */
export function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name}: want a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

/** A comma-separated choice among `all`; all of them when unset. */
export function envList<T extends string>(name: string, all: readonly T[]): T[] {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return [...all];
  const items = text.split(',').map((s) => s.trim());
  for (const item of items) {
    if (!(all as readonly string[]).includes(item)) throw new Error(`${name}: unknown ${item}; choose from ${all.join(', ')}`);
  }
  return items as T[];
}
