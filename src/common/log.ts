// Structured logging in geth's shape: a level, a message and key=value fields, as text or as JSON lines.
// geth writes logs to stderr; so do we, which keeps stdout free for command output (dumpgenesis, export).

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';
export type LogFields = Record<string, unknown>;

/** geth's --verbosity: 0=silent, 1=error, 2=warn, 3=info, 4=debug, 5=trace. */
const LEVEL_VERBOSITY: Record<LogLevel, number> = { error: 1, warn: 2, info: 3, debug: 4, trace: 5 };
const LEVEL_TAG: Record<LogLevel, string> = { error: 'ERROR', warn: 'WARN ', info: 'INFO ', debug: 'DEBUG', trace: 'TRACE' };

export interface LoggerOptions {
  verbosity: number;
  format: 'text' | 'json';
  write: (line: string) => void;
}

const options: LoggerOptions = {
  verbosity: 3,
  format: 'text',
  write: (line) => process.stderr.write(line + '\n'),
};

export function configureLogging(opts: Partial<LoggerOptions>): void {
  Object.assign(options, opts);
}

function formatValue(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return '0x' + Buffer.from(v).toString('hex');
  if (v instanceof Error) return quoteIfNeeded(v.message);
  if (typeof v === 'string') return quoteIfNeeded(v);
  if (v === undefined) return 'nil';
  if (typeof v === 'object' && v !== null) return quoteIfNeeded(JSON.stringify(v, jsonReplacer));
  return String(v);
}

function quoteIfNeeded(s: string): string {
  return s === '' || /[\s"=]/.test(s) ? JSON.stringify(s) : s;
}

function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return '0x' + Buffer.from(v).toString('hex');
  if (v instanceof Error) return v.message;
  return v;
}

function timestamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getMonth() + 1)}-${p(d.getDate())}|${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export class Logger {
  constructor(private readonly context: LogFields = {}) {}

  /**
   * A logger that adds `fields` to every line (geth's log.New(ctx...)). Its lines go through this logger's `log`,
   * so a logger that records or silences lines does so for its children too.
   */
  child(fields: LogFields): Logger {
    return new ChildLogger(this, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
  trace(msg: string, fields?: LogFields): void {
    this.log('trace', msg, fields);
  }

  enabled(level: LogLevel): boolean {
    return LEVEL_VERBOSITY[level] <= options.verbosity;
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (!this.enabled(level)) return;
    const all = { ...this.context, ...fields };
    const now = new Date();
    if (options.format === 'json') {
      options.write(JSON.stringify({ t: now.toISOString(), lvl: level, msg, ...all }, jsonReplacer));
      return;
    }
    let line = `${LEVEL_TAG[level]} [${timestamp(now)}] ${msg}`;
    const keys = Object.keys(all);
    if (keys.length > 0) {
      line = line.padEnd(LEVEL_TAG[level].length + 22 + 40);
      line += keys.map((k) => `${k}=${formatValue(all[k])}`).join(' ');
    }
    options.write(line);
  }
}

class ChildLogger extends Logger {
  constructor(
    private readonly parent: Logger,
    private readonly fields: LogFields,
  ) {
    super();
  }

  override log(level: LogLevel, msg: string, fields?: LogFields): void {
    this.parent.log(level, msg, fields === undefined ? this.fields : { ...this.fields, ...fields });
  }
}

export const log = new Logger();
