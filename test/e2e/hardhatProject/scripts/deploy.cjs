// `npx hardhat run scripts/deploy.cjs --network tsgeth`: deploys a Counter and prints its address.
const hre = require('hardhat');

async function main() {
  const [deployer] = await hre.ethers.getSigners();
  const counter = await hre.ethers.deployContract('Counter', [7n]);
  await counter.waitForDeployment();
  const address = await counter.getAddress();
  const tx = await counter.increment(1n);
  await tx.wait();
  console.log(`Counter deployed to ${address} by ${deployer.address} on chain ${(await hre.ethers.provider.getNetwork()).chainId}`);
  console.log(`Counter count ${await counter.count()}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
