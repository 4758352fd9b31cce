// What a newcomer writes first: deploy, read, send a transaction, see its event, see reverts with their reasons.
const { expect } = require('chai');
const hre = require('hardhat');

const { ethers } = hre;
// Error(string), how require() reasons are encoded.
const ERROR_STRING_SELECTOR = ethers.id('Error(string)').slice(0, 10);

/**
 * Runs `action`, expecting a revert with `reason`. Over JSON-RPC (without hardhat-chai-matchers) the node's error
 * arrives as it sent it: code 3, "execution reverted: <reason>", and the ABI-encoded Error(string) as data.
 */
async function expectRevert(action, reason) {
  let error;
  try {
    await action();
  } catch (e) {
    error = e;
  }
  expect(error, `expected a revert with "${reason}"`).to.not.equal(undefined);
  expect(error.message).to.contain(`execution reverted: ${reason}`);
  expect(ethers.dataSlice(error.data, 0, 4)).to.equal(ERROR_STRING_SELECTOR);
  const [decoded] = ethers.AbiCoder.defaultAbiCoder().decode(['string'], ethers.dataSlice(error.data, 4));
  expect(decoded).to.equal(reason);
}

describe('Counter', function () {
  let counter;
  let deployer;

  beforeEach(async function () {
    [deployer] = await ethers.getSigners();
    counter = await ethers.deployContract('Counter', [5n]);
    await counter.waitForDeployment();
  });

  it('deploys with its constructor arguments', async function () {
    const address = await counter.getAddress();
    expect(await ethers.provider.getCode(address)).to.not.equal('0x');
    expect(await counter.owner()).to.equal(deployer.address);
    expect(await counter.count()).to.equal(5n);
  });

  it('sends a transaction that changes state and emits an event', async function () {
    const tx = await counter.increment(3n);
    const receipt = await tx.wait();
    expect(receipt.status).to.equal(1);
    expect(await counter.count()).to.equal(8n);

    const events = receipt.logs.map((log) => counter.interface.parseLog(log)).filter((e) => e !== null);
    expect(events).to.have.length(1);
    expect(events[0].name).to.equal('Incremented');
    expect(events[0].args.by).to.equal(deployer.address);
    expect(events[0].args.newCount).to.equal(8n);

    // The same event through eth_getLogs.
    const found = await counter.queryFilter(counter.filters.Incremented(deployer.address), receipt.blockNumber, receipt.blockNumber);
    expect(found).to.have.length(1);
    expect(found[0].transactionHash).to.equal(tx.hash);
    expect(found[0].args.newCount).to.equal(8n);
  });

  it('reverts a transaction with its reason', async function () {
    await expectRevert(() => counter.increment(0n), 'Counter: zero step');
    expect(await counter.count()).to.equal(5n);
  });

  it('reverts a call from someone other than the owner with its reason', async function () {
    const stranger = ethers.Wallet.createRandom(ethers.provider);
    await expectRevert(() => counter.connect(stranger).reset.staticCall(), 'Counter: not the owner');
    await counter.reset();
    expect(await counter.count()).to.equal(0n);
  });

  it('mines a reverting transaction sent without estimation as failed', async function () {
    const tx = await counter.increment(0n, { gasLimit: 100_000n });
    let error;
    try {
      await tx.wait();
    } catch (e) {
      error = e;
    }
    expect(error && error.code).to.equal('CALL_EXCEPTION');
    expect(error.receipt.status).to.equal(0);
  });
});
