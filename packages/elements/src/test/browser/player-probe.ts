/**
 * `<ifls-player>` in the test page, and what a viewer would see of it: its states, errors and
 * stats as events reported them, the video's time and size, and how far from the live edge it
 * plays. Importing this module counts every MediaSource the page makes from then on.
 */
import '../../define/ifls-player.js';
import type { IflsPlayer } from '../../player/player.js';
import { waitUntil } from './engine.js';
import type { LiveHls } from './fixtures.js';

const mediaSources: MediaSource[] = [];
if (typeof MediaSource === 'function') {
  const Native = MediaSource;
  window.MediaSource = class CountedMediaSource extends Native {
    constructor() {
      super();
      mediaSources.push(this);
    }
  };
}

/** MediaSources made since this module loaded, and how many are not closed. */
export function mediaSourceCount(): { made: number; open: number } {
  return { made: mediaSources.length, open: mediaSources.filter((source) => source.readyState !== 'closed').length };
}

export interface StatsSample {
  at: number;
  currentTime: number;
  latency: number | null;
  targetLatency: number | null;
  programDateTime: number | null;
  stalls: number;
  buffer: number;
  width: number;
  height: number;
}

export class PlayerProbe {
  readonly states: string[] = [];
  readonly errors: { code: string; recoverable: boolean; message: string }[] = [];
  readonly stats: StatsSample[] = [];
  /** MediaSources the page had made when this probe was made. */
  private readonly mediaSourcesBefore = mediaSources.length;

  constructor(readonly player: IflsPlayer) {
    player.addEventListener('ifls-state-change', (event) => this.states.push(event.state));
    player.addEventListener('ifls-error', ({ code, recoverable, message }) => this.errors.push({ code, recoverable, message }));
    player.addEventListener('ifls-stats', ({ stats }) => {
      const { latency, targetLatency, programDateTime, stalls, buffer, width, height } = stats;
      const currentTime = player.video?.currentTime ?? 0;
      this.stats.push({ at: Date.now(), currentTime, latency, targetLatency, programDateTime, stalls, buffer, width, height });
    });
  }

  /** Mounts a new `<ifls-player>` with these attributes (`true`: present without value). */
  static mount(attributes: Record<string, string | true>, options: { lang?: string; parent?: HTMLElement } = {}): PlayerProbe {
    const player = document.createElement('ifls-player');
    const probe = new PlayerProbe(player);
    for (const [name, value] of Object.entries(attributes)) player.setAttribute(name, value === true ? '' : value);
    if (options.lang) player.lang = options.lang;
    (options.parent ?? document.body).append(player);
    return probe;
  }

  get video(): HTMLVideoElement {
    return this.player.video!;
  }

  get state(): string | null {
    return this.player.getAttribute('state');
  }

  /** MediaSources made since this probe was made: one per start of an MSE playback. */
  get mediaSourcesMade(): number {
    return mediaSources.length - this.mediaSourcesBefore;
  }

  /** A part of the player's shadow DOM (`live-badge`, `message`…). */
  part(name: string): HTMLElement | null {
    return this.player.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
  }

  /** The text of the player's message part (waiting, ended, reconnecting…). */
  get message(): string {
    return this.part('message')?.textContent?.trim() ?? '';
  }

  waitForState(state: string, timeoutMs = 30_000): Promise<void> {
    return waitUntil(
      () => this.state === state,
      () =>
        `state ${state} (states so far: ${this.states.join(' → ')}; video at ${this.video.currentTime.toFixed(2)} s, ready ${this.video.readyState}, error ${this.video.error?.code ?? 'none'}; message "${this.message}")`,
      timeoutMs,
    );
  }

  /** Resolves once the video has moved `seconds` forward from where it is now. */
  async waitForProgress(seconds: number, timeoutMs = 30_000): Promise<void> {
    const start = this.video.currentTime;
    await waitUntil(() => this.video.currentTime >= start + seconds, `${seconds} s of playback from ${start}`, timeoutMs);
  }

  /**
   * Seconds between the live edge and the frame shown, one second into playback: at the first frame
   * a player can know the edge only within half a segment; a second in, it has seen a segment come
   * out and has moved at most 0.1 s towards its target. The frame's program-date-time is the first
   * `ifls-stats`'s, moved on by the playback since.
   */
  async startDistance(live: LiveHls): Promise<number> {
    await waitUntil(() => this.stats.length > 0, 'a first ifls-stats');
    const first = this.stats[0]!;
    if (first.programDateTime === null) throw new Error('the stream carries no EXT-X-PROGRAM-DATE-TIME');
    await this.waitForProgress(1);
    const at = Date.now();
    const programDateTime = first.programDateTime + (this.video.currentTime - first.currentTime) * 1000;
    const edge = await live.liveEdgeAt(at);
    if (edge === null) throw new Error('the live server has seen no segment come out');
    return (edge - programDateTime) / 1000;
  }

  /** Seconds between the live edge and the frame shown, at the newest `ifls-stats`. */
  async latestDistance(live: LiveHls): Promise<number> {
    const sample = this.stats.at(-1);
    if (!sample || sample.programDateTime === null) throw new Error('no ifls-stats with a program-date-time yet');
    const edge = await live.liveEdgeAt(sample.at);
    if (edge === null) throw new Error('the live server has seen no segment come out');
    return (edge - sample.programDateTime) / 1000;
  }

  remove(): void {
    this.player.remove();
  }
}
