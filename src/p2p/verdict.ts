// The outcome of validating a message from a peer, in gossipsub's three values (the same strings as libp2p's
// TopicValidatorResult): ACCEPT forwards it, IGNORE drops it without blame, REJECT drops it and blames the sender.

export const Verdict = {
  Accept: 'accept',
  Ignore: 'ignore',
  Reject: 'reject',
} as const;

export type Verdict = (typeof Verdict)[keyof typeof Verdict];

const SEVERITY: Record<Verdict, number> = { accept: 0, ignore: 1, reject: 2 };

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && Object.hasOwn(SEVERITY, value);
}

/**
 * The verdict of several validators on one message: REJECT wins over IGNORE, which wins over ACCEPT, so a
 * message is forwarded only when every validator accepted it. No validators at all gives IGNORE: a message
 * nobody checked is not forwarded.
 */
export function combineVerdicts(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict | undefined;
  for (const v of verdicts) {
    if (worst === undefined || SEVERITY[v] > SEVERITY[worst]) worst = v;
  }
  return worst ?? Verdict.Ignore;
}
