// A small synchronous event emitter typed by an event map ({ name: payload }), for the notifications layers send
// upwards (chain heads, new pool transactions). A listener that throws is logged and does not stop the emitter's
// owner or the other listeners.
import { log as rootLog, type Logger } from './log.js';

type Listener<T> = (payload: T) => void;

export class TypedEmitter<M extends object> {
  #listeners: { [K in keyof M]?: Set<Listener<M[K]>> } = {};

  /** `failureMessage` is the log line written when a listener throws. */
  constructor(
    private readonly failureMessage: string,
    private readonly log: Logger = rootLog,
  ) {}

  /** Adds a listener; the returned function removes it. */
  on<K extends keyof M>(event: K, listener: Listener<M[K]>): () => void {
    const set = (this.#listeners[event] ??= new Set());
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof M>(event: K, listener: Listener<M[K]>): void {
    this.#listeners[event]?.delete(listener);
  }

  listenerCount(event: keyof M): number {
    return this.#listeners[event]?.size ?? 0;
  }

  emit<K extends keyof M>(event: K, payload: M[K]): void {
    const set = this.#listeners[event];
    if (set === undefined) return;
    // A copy, so a listener may unsubscribe (itself or another) while the event is being delivered.
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (e) {
        this.log.error(this.failureMessage, { event, err: e });
      }
    }
  }
}
