// Compiles Solidity with solc-js (the compiler ships inside the npm package as WebAssembly, so this works
// offline) through its standard JSON interface, for tests that run real compiler output on our EVM.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import solc from 'solc';
import { hexToBytes, type Bytes } from '../../src/common/bytes.js';

export interface CompiledContract {
  /** Creation code: the constructor's arguments are appended to it. */
  bytecode: Bytes;
  deployedBytecode: Bytes;
  /** solc's gas estimates as it prints them: decimal strings, or "infinite" when it cannot bound the cost. */
  gasEstimates: {
    creation: { codeDepositCost: string; executionCost: string; totalCost: string };
    external: Record<string, string>;
  };
}

export interface CompileOptions {
  /** The EVM version to target; our EVM runs Berlin..Cancun, while solc's default is newer. */
  evmVersion: string;
  optimize?: boolean;
}

interface SolcOutput {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<
      string,
      {
        evm: {
          bytecode: { object: string };
          deployedBytecode: { object: string };
          gasEstimates: CompiledContract['gasEstimates'];
        };
      }
    >
  >;
}

/** Compiles every .sol file in `dir`; contracts are keyed by name. Throws with solc's messages on any error. */
export function compileDirectory(dir: string, options: CompileOptions): Map<string, CompiledContract> {
  const sources: Record<string, { content: string }> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sol')).sort()) {
    sources[file] = { content: readFileSync(join(dir, file), 'utf8') };
  }
  if (Object.keys(sources).length === 0) throw new Error(`solc: no .sol files in ${dir}`);
  return compileSources(sources, options);
}

export function compileSources(
  sources: Record<string, { content: string }>,
  options: CompileOptions,
): Map<string, CompiledContract> {
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: options.evmVersion,
      optimizer: { enabled: options.optimize ?? true, runs: 200 },
      outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.gasEstimates'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)) as string) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const contracts = new Map<string, CompiledContract>();
  for (const file of Object.values(output.contracts ?? {})) {
    for (const [name, c] of Object.entries(file)) {
      if (contracts.has(name)) throw new Error(`solc: two contracts named ${name}`);
      contracts.set(name, {
        bytecode: hexToBytes('0x' + c.evm.bytecode.object),
        deployedBytecode: hexToBytes('0x' + c.evm.deployedBytecode.object),
        gasEstimates: c.evm.gasEstimates,
      });
    }
  }
  return contracts;
}

/** The version of the bundled compiler, e.g. "0.8.37+commit.f401782d.Emscripten.clang". */
export function solcVersion(): string {
  return solc.version() as string;
}
