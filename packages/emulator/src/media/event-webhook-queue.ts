/**
 * Delivers event webhooks (connection.created, imageflux.archive_created, …) in the background.
 * Media never waits for a webhook: `send` returns at once; each delivery is retried a few times
 * with a growing pause, then dropped with a log line. Only the answer's status matters: its
 * body is never read. An address the policy refuses is never retried.
 */
import { WebhookAddressRefusedError } from './webhook-address-policy.js';
import { WebhookSender } from './webhook-sender.js';
import { sleep } from '../sleep.js';

export interface EventWebhookQueueOptions {
  log(line: string): void;
  /** Posts each attempt (address policy, signature); by default one with the default policy and no secret. */
  sender?: WebhookSender;
  /** Pauses between attempts; the number of attempts is one more than its length. */
  retryDelaysMs?: number[];
  /** How long one attempt may take. */
  attemptTimeoutMs?: number;
}

export class EventWebhookQueue {
  private readonly log: (line: string) => void;
  private readonly sender: WebhookSender;
  private readonly retryDelaysMs: number[];
  private readonly attemptTimeoutMs: number;
  private readonly pending = new Set<Promise<void>>();
  private readonly closing = new AbortController();

  constructor(options: EventWebhookQueueOptions) {
    this.log = options.log;
    this.sender = options.sender ?? new WebhookSender();
    this.retryDelaysMs = options.retryDelaysMs ?? [500, 1000, 2000];
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 5000;
  }

  /** Delivers an event webhook in the background, with retries; failures are logged. */
  send(url: string, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
    if (url === '' || this.closing.signal.aborted) return;
    const delivery = this.deliver(url, body, headers)
      .catch((error: unknown) => this.log(`event webhook ${String(body.type)} to ${url}: ${String(error)}`))
      .finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Waits for the deliveries in flight (used by tests and on close), at most `timeoutMs`. */
  async settle(timeoutMs = 10_000): Promise<void> {
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.pending]).then(() => undefined), deadline]);
  }

  /** Stops retrying; deliveries in flight get a short grace to finish. */
  async close(): Promise<void> {
    await this.settle(1000);
    this.closing.abort();
  }

  private async deliver(url: string, body: Record<string, unknown>, headers: Record<string, string>): Promise<void> {
    const payload = JSON.stringify(body);
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt += 1) {
      if (attempt > 0) await sleep(this.retryDelaysMs[attempt - 1]!, this.closing.signal);
      if (this.closing.signal.aborted) return;
      try {
        const reply = await this.sender.post({
          url,
          body: payload,
          headers,
          timeoutMs: this.attemptTimeoutMs,
          maxAnswerBytes: 0,
          signal: this.closing.signal,
        });
        if (reply.status >= 200 && reply.status <= 299) return;
        this.log(`event webhook ${String(body.type)} to ${url}: HTTP ${reply.status} (attempt ${attempt + 1})`);
      } catch (error) {
        if (error instanceof WebhookAddressRefusedError) {
          this.log(`event webhook ${String(body.type)} to ${url}: not sent: ${error.message}`);
          return;
        }
        this.log(`event webhook ${String(body.type)} to ${url}: ${(error as Error).message} (attempt ${attempt + 1})`);
      }
    }
    this.log(`event webhook ${String(body.type)} to ${url}: gave up`);
  }
}
