// A stored value that does not decode means the database is damaged (or from another program): say which entry.

export class DatabaseCorruptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseCorruptionError';
  }
}

export function corrupt(what: string, cause: unknown): DatabaseCorruptionError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DatabaseCorruptionError(`database: corrupt ${what}: ${reason}`);
}
