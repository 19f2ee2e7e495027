/**
 * Delivers event webhooks (connection.created, imageflux.archive_created, …) in the background.
 * Media never waits for a webhook: `send` returns at once; each delivery is retried a few times
 * with a growing pause, then dropped with a log line.
 */
export interface EventWebhookQueueOptions {
  log(line: string): void;
  /** Pauses between attempts; the number of attempts is one more than its length. */
  retryDelaysMs?: number[];
  /** How long one attempt may take. */
  attemptTimeoutMs?: number;
}

export class EventWebhookQueue {
  readonly #log: (line: string) => void;
  readonly #retryDelaysMs: number[];
  readonly #attemptTimeoutMs: number;
  readonly #pending = new Set<Promise<void>>();
  readonly #closing = new AbortController();

  constructor(options: EventWebhookQueueOptions) {
    this.#log = options.log;
    this.#retryDelaysMs = options.retryDelaysMs ?? [500, 1000, 2000];
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? 5000;
  }

  send(url: string, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
    if (url === '' || this.#closing.signal.aborted) return;
    const delivery = this.#deliver(url, body, headers)
      .catch((error: unknown) => this.#log(`event webhook ${String(body.type)} to ${url}: ${String(error)}`))
      .finally(() => this.#pending.delete(delivery));
    this.#pending.add(delivery);
  }

  /** Waits for the deliveries in flight (used by tests and on close), at most `timeoutMs`. */
  async settle(timeoutMs = 10_000): Promise<void> {
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.#pending]).then(() => undefined), deadline]);
  }

  /** Stops retrying; deliveries in flight get a short grace to finish. */
  async close(): Promise<void> {
    await this.settle(1000);
    this.#closing.abort();
  }

  async #deliver(url: string, body: Record<string, unknown>, headers: Record<string, string>): Promise<void> {
    const payload = JSON.stringify(body);
    for (let attempt = 0; attempt <= this.#retryDelaysMs.length; attempt += 1) {
      if (attempt > 0) await sleep(this.#retryDelaysMs[attempt - 1]!, this.#closing.signal);
      if (this.#closing.signal.aborted) return;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: payload,
          signal: AbortSignal.any([AbortSignal.timeout(this.#attemptTimeoutMs), this.#closing.signal]),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        this.#log(`event webhook ${String(body.type)} to ${url}: HTTP ${response.status} (attempt ${attempt + 1})`);
      } catch (error) {
        this.#log(`event webhook ${String(body.type)} to ${url}: ${(error as Error).message} (attempt ${attempt + 1})`);
      }
    }
    this.#log(`event webhook ${String(body.type)} to ${url}: gave up`);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
