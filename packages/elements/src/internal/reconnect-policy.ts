/**
 * When to try again after a lost connection: exponential backoff from `firstDelayMs` up to
 * `maxDelayMs`, each delay drawn between half and all of its ceiling ("equal jitter"), so that
 * broadcasters cut off together by one outage do not all come back in the same instant.
 */
export class ReconnectPolicy {
  /** Attempts handed out so far. */
  attempt = 0;

  constructor(
    readonly maxAttempts: number,
    readonly firstDelayMs = 500,
    readonly maxDelayMs = 8000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait before the next attempt, or undefined once every attempt is used. */
  nextDelay(): number | undefined {
    if (this.attempt >= this.maxAttempts) return undefined;
    const ceiling = Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** this.attempt);
    this.attempt += 1;
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }
}
