// The contract between the conformance runner and one suite of official test files.

export interface CaseResult {
  name: string;
  ok: boolean;
  /** Why the case failed (shown with the file and test name). */
  error?: string;
}

export interface Suite {
  name: string;
  /**
   * Runs every test of one parsed JSON file. Returns undefined when the file is not in a format this suite
   * knows (the runner lists such files as skipped rather than counting them).
   */
  runFile(file: string, content: unknown): Promise<CaseResult[] | undefined> | CaseResult[] | undefined;
}

/** Runs `fn` and turns a thrown error into a failed case, so one bad test never stops the suite. */
export async function runCase(name: string, fn: () => unknown | Promise<unknown>): Promise<CaseResult> {
  try {
    await fn();
    return { name, ok: true };
  } catch (e) {
    return { name, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
