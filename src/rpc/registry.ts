// The methods the node serves, grouped by namespace (the part of the name before "_", as geth's API services).
// Each transport exposes only the namespaces it is configured with (--http.api, --ws.api).
import type { RpcHandler } from './params.js';

export interface RpcModule {
  readonly namespace: string;
  /** Full method names ("eth_chainId"), each in the module's namespace. */
  readonly methods: Readonly<Record<string, RpcHandler>>;
}

/** geth's namespaces reachable over HTTP and WebSocket unless configured otherwise. */
export const DEFAULT_APIS: readonly string[] = ['eth', 'net', 'web3'];

/** The "rpc" namespace (rpc_modules) every transport serves, whatever its list. */
export const RPC_NAMESPACE = 'rpc';

interface Entry {
  namespace: string;
  handler: RpcHandler;
}

export class RpcRegistry {
  private readonly methods = new Map<string, Entry>();
  private readonly namespaceSet = new Set<string>();

  constructor(modules: readonly RpcModule[] = []) {
    for (const m of modules) this.register(m);
  }

  /** Adds a module's methods; a name outside its namespace or already registered is a programming error. */
  register(module: RpcModule): void {
    const { namespace } = module;
    if (!/^[a-z][a-z0-9]*$/.test(namespace) || namespace === RPC_NAMESPACE) {
      throw new Error(`rpc registry: invalid namespace ${JSON.stringify(namespace)}`);
    }
    for (const [name, handler] of Object.entries(module.methods)) {
      if (!name.startsWith(`${namespace}_`) || name.length === namespace.length + 1) {
        throw new Error(`rpc registry: method ${name} is not in namespace ${namespace}`);
      }
      if (this.methods.has(name)) throw new Error(`rpc registry: method ${name} registered twice`);
      this.methods.set(name, { namespace, handler });
    }
    this.namespaceSet.add(namespace);
  }

  /** The handler of `method` when its namespace is among `apis`. */
  lookup(method: string, apis: ReadonlySet<string>): RpcHandler | undefined {
    const entry = this.methods.get(method);
    return entry !== undefined && apis.has(entry.namespace) ? entry.handler : undefined;
  }

  /** Whether `method` is one this registry has, enabled or not (for metrics labels that stay bounded). */
  has(method: string): boolean {
    return this.methods.has(method);
  }

  /** rpc_modules: the registered namespaces among `apis`, each with geth's version "1.0". */
  modules(apis: ReadonlySet<string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const ns of [...this.namespaceSet].sort()) if (apis.has(ns)) out[ns] = '1.0';
    out[RPC_NAMESPACE] = '1.0';
    return out;
  }
}
