// Small timing helpers shared by the benchmark sections.

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** Extra context printed beside the figure (sizes, a comparison). */
  note?: string;
}

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns operations per second. */
export function opsPerSecond(fn: () => void, ms = 1000): number {
  const warmEnd = performance.now() + ms / 5;
  while (performance.now() < warmEnd) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 16; i++) fn();
    ops += 16;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

/** Wall time of one run of `fn`, in milliseconds. */
export async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
