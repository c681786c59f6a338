/** The rating contract's data, validated: nothing reaches the screen unless it adds up. */
export interface Aggregate {
  count: number;
  sum: number;
  average: number;
  max: number;
}

export interface VoteResult extends Aggregate {
  score: number | null;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** An aggregate whose numbers are integers where they must be and agree with each other. */
export function validAggregate(body: unknown, max: number): Aggregate | undefined {
  const b = body as Partial<Aggregate> | null;
  if (!b || typeof b !== 'object') return undefined;
  const { count, sum, average } = b;
  if (!isCount(count) || !isCount(sum) || b.max !== max) return undefined;
  if (typeof average !== 'number' || !Number.isFinite(average) || average < 0 || average > max) return undefined;
  if (count === 0) return sum === 0 ? { count, sum, average: 0, max } : undefined;
  // Every vote is 1..max, and the average may be rounded by the server.
  if (sum < count || sum > count * max || Math.abs(sum / count - average) > 0.05) return undefined;
  return { count, sum, average, max };
}

/** A visitor's own score: a whole number of stars, or null for none. */
export function validScore(score: unknown, max: number): number | null | undefined {
  if (score === null) return null;
  return typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= max ? score : undefined;
}

export function validVote(body: unknown, max: number): { score: number | null } | undefined {
  const score = validScore((body as { score?: unknown } | null)?.score, max);
  return score === undefined ? undefined : { score };
}

export function validVoteResult(body: unknown, max: number): VoteResult | undefined {
  const aggregate = validAggregate(body, max);
  const vote = validVote(body, max);
  return aggregate && vote ? { ...aggregate, ...vote } : undefined;
}

/** The aggregate as it will be once the server applies a change of this visitor's vote from `from` to `to`. */
export function revote(aggregate: Aggregate, from: number | null, to: number | null): Aggregate {
  const count = aggregate.count - (from === null ? 0 : 1) + (to === null ? 0 : 1);
  const sum = aggregate.sum - (from ?? 0) + (to ?? 0);
  return { ...aggregate, count, sum, average: count ? sum / count : 0 };
}

/** The aggregate a CMS rendered into attributes, when it makes sense; the sum follows from average × count. */
export function aggregateFromAttributes(value: number, count: number, max: number): Aggregate | undefined {
  if (!isCount(count) || !Number.isFinite(value) || value < 0 || value > max) return undefined;
  if (count === 0) return { count: 0, sum: 0, average: 0, max };
  if (value < 1) return undefined;
  return { count, sum: Math.round(value * count), average: value, max };
}

/** Seconds from a Retry-After header (seconds or an HTTP date), if it has a sensible value. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - now) / 1000)) : undefined;
}
