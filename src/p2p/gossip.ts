// Typed access to gossipsub: one validator per topic, run by gossipsub before a message is delivered or forwarded
// (its topicValidators), so a message the validator rejects or ignores never travels further than this node.
// Messages are signed by their author (StrictSign), so a node can tell who made a message that proves bad only
// after it was passed on (a block that fails its import) and blame the author rather than an honest relay. They
// are identified by the hash of their data: the same block or transaction announced by two peers is one message.
import { TopicValidatorResult, type GossipSub, type GossipsubMessage, type GossipsubOpts } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';
import type { Logger } from '../common/log.js';
import { keccak256 } from '../crypto/keccak.js';
import { MAX_MESSAGE_SIZE } from './reqResp.js';
import type { Verdict } from './verdict.js';

/**
 * Decides whether a message is delivered and forwarded: `from` is the peer that sent it here, `author` the peer that
 * published it (the same for a message from a direct peer).
 */
export type GossipValidator = (data: Uint8Array, from: string, author: string | undefined) => Promise<Verdict>;
/** Receives every message of the topic its validator accepted, apart from this node's own. */
export type GossipHandler = (data: Uint8Array, from: string) => void;

const TOPIC_VALIDATOR_RESULT: Record<Verdict, TopicValidatorResult> = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject,
};

/** Room for the protobuf RPC around a message of MAX_MESSAGE_SIZE bytes. */
const RPC_OVERHEAD = 64 * 1024;

/** gossipsub settings for a small network of nodes that know each other. */
export function gossipsubOptions(): Partial<GossipsubOpts> {
  return {
    emitSelf: false,
    // A node alone on a devnet still publishes its blocks; nobody hears them until peers come.
    allowPublishToZeroTopicPeers: true,
    // The same data published twice (a transaction resent) is not an error.
    ignoreDuplicatePublishError: true,
    fallbackToFloodsub: true,
    floodPublish: true,
    globalSignaturePolicy: 'StrictSign',
    msgIdFn: (msg) => keccak256(msg.data),
    maxInboundDataLength: MAX_MESSAGE_SIZE + RPC_OVERHEAD,
  };
}

export class GossipError extends Error {
  override name = 'GossipError';
}

interface TopicSubscription {
  validate: GossipValidator;
  onMessage: GossipHandler | undefined;
}

export class Gossip {
  readonly #topics = new Map<string, TopicSubscription>();
  readonly #log: Logger;
  /** gossipsub refuses subscriptions until it runs: topics joined before are joined at start(). */
  #running = false;

  constructor(
    private readonly pubsub: GossipSub,
    log: Logger,
  ) {
    this.#log = log;
    pubsub.addEventListener('gossipsub:message', this.#onMessage);
  }

  /** Called by the host once libp2p runs. */
  start(): void {
    this.#running = true;
    for (const topic of this.#topics.keys()) this.pubsub.subscribe(topic);
  }

  /** Called by the host before libp2p stops. */
  stop(): void {
    this.#running = false;
  }

  /**
   * Joins `topic` (now, or when the host starts): messages are checked by `validate` before anything else happens
   * to them, and the accepted ones go to `onMessage`. The returned function leaves the topic. One subscription
   * per topic.
   */
  subscribe(topic: string, validate: GossipValidator, onMessage?: GossipHandler): () => void {
    if (this.#topics.has(topic)) throw new GossipError(`already subscribed to gossip topic ${topic}`);
    const entry: TopicSubscription = { validate, onMessage };
    this.#topics.set(topic, entry);
    this.pubsub.topicValidators.set(topic, async (peer: PeerId, msg) => {
      const author = msg.type === 'signed' ? msg.from.toString() : undefined;
      return TOPIC_VALIDATOR_RESULT[await this.#validate(topic, entry, msg.data, peer.toString(), author)];
    });
    if (this.#running) this.pubsub.subscribe(topic);
    return () => {
      if (this.#topics.get(topic) !== entry) return;
      this.#topics.delete(topic);
      this.pubsub.topicValidators.delete(topic);
      if (this.#running) this.pubsub.unsubscribe(topic);
    };
  }

  /** Sends `data` to the topic's peers; resolves with how many peers it went to directly. */
  async publish(topic: string, data: Uint8Array): Promise<number> {
    if (!this.#running) throw new GossipError(`cannot publish to gossip topic ${topic}: p2p networking is not running`);
    if (data.length > MAX_MESSAGE_SIZE) {
      throw new GossipError(`gossip message of ${data.length} bytes exceeds the ${MAX_MESSAGE_SIZE} byte limit (topic ${topic})`);
    }
    const result = await this.pubsub.publish(topic, data);
    return result.recipients.length;
  }

  /** Peers known to be subscribed to `topic`. */
  subscribers(topic: string): string[] {
    return this.pubsub.getSubscribers(topic).map((p) => p.toString());
  }

  async #validate(topic: string, entry: TopicSubscription, data: Uint8Array, from: string, author: string | undefined): Promise<Verdict> {
    if (data.length > MAX_MESSAGE_SIZE) return 'reject';
    try {
      return await entry.validate(data, from, author);
    } catch (e) {
      // A validator that throws has a bug of ours, not a fault of the peer's: drop the message, blame nobody.
      this.#log.error('Gossip validator failed', { topic, peer: from, err: e });
      return 'ignore';
    }
  }

  readonly #onMessage = (evt: CustomEvent<GossipsubMessage>): void => {
    const { msg, propagationSource } = evt.detail;
    const entry = this.#topics.get(msg.topic);
    if (entry?.onMessage === undefined) return;
    try {
      entry.onMessage(msg.data, propagationSource.toString());
    } catch (e) {
      this.#log.error('Gossip message handler failed', { topic: msg.topic, peer: propagationSource.toString(), err: e });
    }
  };
}
