// `geth account new | list | import`: the keystore of a datadir (DATADIR/keystore, or --keystore), in geth's
// version 3 key file format. No node runs and the chain database is not opened, so these work beside a running node.
import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { bytesToHex, hexToBytes, type Bytes } from '../../common/bytes.js';
import { isValidPrivateKey, randomPrivateKey } from '../../crypto/secp256k1.js';
import { LIGHT_SCRYPT, STANDARD_SCRYPT } from '../../accounts/keystore.js';
import { KeystoreDir } from '../../accounts/keystoreDir.js';
import { datadirOption, keystorePath } from '../datadir.js';
import { newPassword } from '../password.js';

interface AccountArgs {
  datadir: string;
  keystore?: string;
  password?: string;
  lightkdf?: boolean;
}

function accountOptions<T>(y: Argv<T>): Argv<T & AccountArgs> {
  return y
    .option('datadir', datadirOption)
    .option('keystore', { type: 'string', requiresArg: true, describe: 'Directory for the keystore (default = inside the datadir)' })
    .option('password', { type: 'string', requiresArg: true, describe: 'Password file to use for non-interactive password input' })
    .option('lightkdf', { type: 'boolean', describe: 'Reduce key-derivation RAM & CPU usage at some expense of KDF strength' }) as never;
}

function keystoreOf(args: AccountArgs): KeystoreDir {
  return new KeystoreDir(args.keystore ?? keystorePath(args.datadir), args.lightkdf === true ? LIGHT_SCRYPT : STANDARD_SCRYPT);
}

/** geth prints addresses in account output without 0x, in braces. */
function braced(address: Bytes): string {
  return `{${bytesToHex(address).slice(2)}}`;
}

/** A file holding an unencrypted private key as 64 hex characters (geth's crypto.LoadECDSA). */
function readKeyFile(path: string): Bytes {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`Failed to load the private key: ${(e as Error).message}`);
  }
  const hex = text.trim().replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`Failed to load the private key: ${path} does not hold 64 hex characters`);
  const key = hexToBytes(hex);
  if (!isValidPrivateKey(key)) throw new Error('Failed to load the private key: invalid private key');
  return key;
}

const newCommand: CommandModule<object, AccountArgs> = {
  command: 'new',
  describe: 'Create a new account',
  builder: (y) => accountOptions(y),
  handler: async (args) => {
    const ks = keystoreOf(args);
    const password = await newPassword(args.password);
    const account = await ks.store(randomPrivateKey(), password);
    process.stdout.write(
      [
        '',
        'Your new key was generated',
        '',
        `Public address of the key:   ${bytesToHex(account.address)}`,
        `Path of the secret key file: ${account.path}`,
        '',
        '- You can share your public address with anyone. Others need it to interact with you.',
        '- You must NEVER share the secret key with anyone! The key controls access to your funds!',
        "- You must BACKUP your key file! Without the key, it's impossible to access account funds!",
        "- You must REMEMBER your password! Without the password, it's impossible to decrypt the key!",
        '',
        '',
      ].join('\n'),
    );
  },
};

const listCommand: CommandModule<object, AccountArgs> = {
  command: 'list',
  describe: 'Print summary of existing accounts',
  builder: (y) => accountOptions(y),
  handler: (args) => {
    keystoreOf(args)
      .accounts()
      .forEach((a, i) => process.stdout.write(`Account #${i}: ${braced(a.address)} keystore://${a.path}\n`));
  },
};

const importCommand: CommandModule<object, AccountArgs & { keyfile: string }> = {
  command: 'import <keyfile>',
  describe: 'Import a private key into a new account',
  builder: (y) =>
    accountOptions(y).positional('keyfile', { type: 'string', demandOption: true, describe: 'File holding the private key in hex' }) as never,
  handler: async (args) => {
    const key = readKeyFile(args.keyfile);
    const ks = keystoreOf(args);
    const password = await newPassword(args.password);
    try {
      const account = await ks.store(key, password);
      process.stdout.write(`Address: ${braced(account.address)}\n`);
    } catch (e) {
      throw new Error(`Could not create the account: ${(e as Error).message}`);
    }
  },
};

export const accountCommand: CommandModule = {
  command: 'account',
  describe: 'Manage accounts',
  builder: (y) =>
    y.command(newCommand).command(listCommand).command(importCommand).demandCommand(1, 'give an account command: new, list or import'),
  handler: () => undefined,
};
