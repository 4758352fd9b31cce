// `geth [flags]`: the default command, which runs the node until SIGINT or SIGTERM. --dev runs a throw-away dev
// chain (the datadir is a temporary folder unless --datadir is given) with its funded accounts printed first.
import type { CommandModule } from 'yargs';
import { bytesToHex } from '../../common/bytes.js';
import { devAccounts } from '../../node/devAccounts.js';
import { makeFullNode } from '../../node/makeFullNode.js';
import { startNode } from '../../node/startNode.js';
import { clientVersion } from './version.js';
import { NODE_FLAGS, nodeConfigFromFlags, type NodeFlagValues } from '../flags.js';

const WEI_PER_ETHER = 10n ** 18n;

/** The dev accounts with their keys and balances, as Hardhat and Anvil print them at start. */
function devAccountsText(balance: (address: Uint8Array) => bigint): string {
  const lines = [
    'Dev mode: these accounts are funded on the dev chain. Their private keys are publicly known:',
    'never send them real funds or use them outside a local chain.',
    '',
  ];
  devAccounts().forEach((a, i) => {
    lines.push(`Account #${i}: ${bytesToHex(a.address)} (${balance(a.address) / WEI_PER_ETHER} ETH)`);
    lines.push(`Private Key: ${bytesToHex(a.privateKey)}`);
    lines.push('');
  });
  return lines.join('\n') + '\n';
}

export const runCommand: CommandModule<object, NodeFlagValues> = {
  command: '$0',
  describe: 'Run the node (the default command)',
  builder: (y) => y.options(NODE_FLAGS) as never,
  handler: async (args) => {
    const config = nodeConfigFromFlags(args);
    const full = await makeFullNode(config, { clientVersion: clientVersion() });
    if (config.dev !== undefined) {
      const state = full.chain.stateAtHeader(full.chain.currentHeader);
      process.stdout.write(devAccountsText((address) => state.getBalance(address)));
    }
    await startNode(full.node);
  },
};
