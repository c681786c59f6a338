/**
 * Fixed-window request counters per key, in memory: each service instance limits what reaches it. Checked
 * synchronously in the request's first hook; the rate-limit plugin's async hook and store cost the hit route about a
 * tenth of its throughput (see the note on issue 6).
 */
export class WindowLimiter {
  private counts = new Map<string, number>();
  private windowEnds: number;

  /**
   * @param max requests allowed per key and window
   * @param maxKeys keys tracked per window: past it, new keys go uncounted, so a flood of made-up addresses costs
   *   bounded memory and never locks anyone out
   */
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly maxKeys = 100_000,
  ) {
    this.windowEnds = now() + windowMs;
  }

  /** Counts one request for `key`: 0 when it is allowed, else the whole seconds until the window ends (Retry-After). */
  take(key: string): number {
    const at = this.now();
    if (at >= this.windowEnds) {
      this.counts.clear();
      this.windowEnds = at + this.windowMs;
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    if (count > this.max) return Math.max(1, Math.ceil((this.windowEnds - at) / 1000));
    if (this.counts.size < this.maxKeys || count > 1) this.counts.set(key, count);
    return 0;
  }
}

/**
 * The part of an address that names one subscriber: an IPv4 address whole, an IPv6 address by its /64 (a home or an
 * office gets a /64 or more, so a rotating interface id is still one key), an IPv4-mapped IPv6 address as IPv4.
 */
export function addressKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
