import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';

export function clientVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `tsgeth/v${pkg.version}/${process.platform}-${process.arch}/node${process.versions.node}`;
}

export const versionCommand: CommandModule = {
  command: 'version',
  describe: 'Print version numbers',
  handler: () => {
    process.stdout.write(`${clientVersion()}\n`);
  },
};
