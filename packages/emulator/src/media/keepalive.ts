/**
 * Sora's keepalive on an offered connection: a `ping` every 5 s, and the connection ends when no
 * `pong` came for 15 s.
 */
const PING_INTERVAL_MS = 5_000;
const PONG_TIMEOUT_MS = 15_000;

export interface KeepaliveOptions {
  /** Sends one `ping`. */
  ping(): void;
  /** No `pong` for too long: end the connection. */
  onPongTimeout(): void;
  /** Runs a timer's work so that what it throws ends the connection, not the process. */
  guard(what: string, work: () => void): void;
}

export class Keepalive {
  private readonly options: KeepaliveOptions;
  private timer: NodeJS.Timeout | undefined;
  private lastPongAt = 0;

  constructor(options: KeepaliveOptions) {
    this.options = options;
  }

  /** Starts pinging; the clock for the first pong starts now. */
  start(): void {
    this.lastPongAt = Date.now();
    this.timer = setInterval(
      () =>
        this.options.guard('the ping timer', () => {
          if (Date.now() - this.lastPongAt > PONG_TIMEOUT_MS) {
            this.options.onPongTimeout();
            return;
          }
          this.options.ping();
        }),
      PING_INTERVAL_MS,
    );
    this.timer.unref();
  }

  /** The client answered. */
  pong(): void {
    this.lastPongAt = Date.now();
  }

  /** Stops pinging (the connection ended). */
  stop(): void {
    clearInterval(this.timer);
  }
}
