// A newcomer's Hardhat 2 project pointed at a tsgeth node: `npx hardhat test --network tsgeth`.
require('@nomicfoundation/hardhat-ethers');
const path = require('node:path');
const { subtask } = require('hardhat/config');
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require('hardhat/builtin-tasks/task-names');

const SOLC_VERSION = '0.8.37';

// Compile offline with the solc npm package instead of downloading from binaries.soliditylang.org.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async ({ solcVersion }, _hre, runSuper) => {
  const solc = require('solc');
  if (solcVersion !== SOLC_VERSION) return runSuper();
  return {
    version: solcVersion,
    longVersion: solc.version().replace(/\.Emscripten\.clang$/, ''),
    compilerPath: require.resolve('solc/soljson.js'),
    isSolcJs: true,
  };
});

// The node's unlocked dev accounts by default; a private key (e.g. the dev key) when TSGETH_PRIVATE_KEY is set.
const accounts = process.env.TSGETH_PRIVATE_KEY ? [process.env.TSGETH_PRIVATE_KEY] : 'remote';
// Build output elsewhere when asked (the e2e test uses a temp dir); otherwise here, git-ignored.
const out = process.env.HARDHAT_OUT_DIR;

module.exports = {
  solidity: SOLC_VERSION,
  defaultNetwork: 'tsgeth',
  networks: {
    tsgeth: {
      url: process.env.TSGETH_URL ?? 'http://127.0.0.1:8545',
      accounts,
    },
  },
  paths: {
    artifacts: out ? path.join(out, 'artifacts') : './artifacts',
    cache: out ? path.join(out, 'cache') : './cache',
  },
  mocha: { timeout: 60_000 },
};
