import type { ReactiveControllerHost } from 'lit';

/** Counts the seconds since the broadcast went live (reconnects included) and re-renders each second. */
export class LiveClockController {
  #since: number | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {}

  get elapsedSeconds(): number {
    return this.#since === null ? 0 : Math.floor((Date.now() - this.#since) / 1000);
  }

  /** Starts counting, or keeps counting after a reconnect. */
  start(): void {
    this.#since ??= Date.now();
    this.#timer ??= setInterval(() => this.host.requestUpdate(), 1000);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#since = null;
  }
}
