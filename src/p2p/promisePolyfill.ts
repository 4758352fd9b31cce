// libp2p 3 calls Promise.withResolvers (ES2024), which Node 20 lacks. Importing this module first installs a
// spec-shaped replacement when the runtime has none; on Node 22+ it does nothing.
interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

type WithResolvers = <T>(this: PromiseConstructor) => Resolvers<T>;

const promiseConstructor = Promise as PromiseConstructor & { withResolvers?: WithResolvers };

if (typeof promiseConstructor.withResolvers !== 'function') {
  const withResolvers: WithResolvers = function <T>(this: PromiseConstructor): Resolvers<T> {
    let resolve!: Resolvers<T>['resolve'];
    let reject!: Resolvers<T>['reject'];
    // `this`, as the spec has it, so a subclass calling withResolvers gets instances of itself.
    const promise = new this<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
  Object.defineProperty(Promise, 'withResolvers', { value: withResolvers, writable: true, configurable: true });
}

export {};
