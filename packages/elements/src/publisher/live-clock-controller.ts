import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SoraSession, SessionState } from './sora-session.js';

/**
 * Counts the seconds on air by following the session: from its first `live`, through
 * reconnects, until it closes. While the host is in a document it re-renders it each second;
 * a host taken out of the document (or being moved) is not re-rendered, but the count goes on.
 */
export class LiveClockController implements ReactiveController {
  private since: number | null = null;
  private ticking: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    session: Pick<SoraSession, 'observe'>,
  ) {
    host.addController(this);
    // The session lives exactly as long as the element: this observer is never removed.
    session.observe((state) => this.follow(state));
  }

  /** Seconds since the session first went live; 0 when it is not on air. */
  get elapsedSeconds(): number {
    return this.since === null ? 0 : Math.floor((Date.now() - this.since) / 1000);
  }

  hostConnected(): void {
    if (this.since !== null) this.tick();
  }

  hostDisconnected(): void {
    clearInterval(this.ticking);
    this.ticking = undefined;
  }

  private follow(state: SessionState): void {
    if (state === 'live') {
      this.since ??= Date.now();
      this.tick();
    } else if (state === 'closed') {
      this.since = null;
      this.hostDisconnected();
    }
  }

  private tick(): void {
    this.ticking ??= setInterval(() => this.host.requestUpdate(), 1000);
  }
}
