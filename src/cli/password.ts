// Passwords for the account commands, as geth takes them: the first line of --password FILE, or asked for. On a
// terminal the typed characters are not echoed; from a pipe the answers are read line by line, so scripts can
// feed them on standard input.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** The first line of a password file, without its line ending (geth's --password). */
export function readPasswordFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`failed to read password file: ${(e as Error).message}`);
  }
  return text.split('\n')[0]!.replace(/\r$/, '');
}

/** Reads answers from standard input when it is not a terminal: one line per question. */
class PipedAnswers {
  private readonly lines: string[] = [];
  private ended = false;
  private waiting: (() => void) | undefined;

  constructor(input: NodeJS.ReadableStream) {
    const rl = createInterface({ input, crlfDelay: Infinity });
    rl.on('line', (line) => {
      this.lines.push(line);
      this.waiting?.();
    });
    rl.on('close', () => {
      this.ended = true;
      this.waiting?.();
    });
  }

  async next(): Promise<string> {
    while (this.lines.length === 0 && !this.ended) await new Promise<void>((r) => (this.waiting = r));
    this.waiting = undefined;
    const line = this.lines.shift();
    if (line === undefined) throw new Error('no password given: standard input ended (use --password FILE)');
    return line;
  }
}

/** Reads one line from a terminal without echoing it. */
function readHidden(stdin: NodeJS.ReadStream, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (finish: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      output.write('\n');
      finish();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(typed));
        if (ch === '\u0003') return done(() => reject(new Error('interrupted')));
        if (ch === '\u0004') return done(() => (typed === '' ? reject(new Error('no password given')) : resolve(typed)));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Questions go to stderr, keeping stdout for the command's output. */
export class PasswordPrompt {
  private piped: PipedAnswers | undefined;

  constructor(
    private readonly stdin: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stderr,
  ) {}

  say(text: string): void {
    this.output.write(text);
  }

  async ask(question: string): Promise<string> {
    this.output.write(question);
    if (this.stdin.isTTY) return readHidden(this.stdin, this.output);
    this.piped ??= new PipedAnswers(this.stdin);
    try {
      return await this.piped.next();
    } finally {
      // The answer was not echoed: end the prompt's line, so that what follows starts on its own.
      this.output.write('\n');
    }
  }
}

/** The password of a new key: from the file, or asked for twice (geth's GetPassPhrase with confirmation). */
export async function newPassword(passwordFile: string | undefined, prompt = new PasswordPrompt()): Promise<string> {
  if (passwordFile !== undefined) return readPasswordFile(passwordFile);
  prompt.say('Your new account is locked with a password. Please give a password. Do not forget this password.\n');
  const password = await prompt.ask('Password: ');
  const again = await prompt.ask('Repeat password: ');
  if (password !== again) throw new Error('Passwords do not match');
  return password;
}
