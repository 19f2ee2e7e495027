import type { EngineEvents, EngineOptions, PlaybackEngine, Quality } from './playback-engine.js';
import { probePlaylist } from './stream-waiter.js';

/**
 * The browser's own HLS (Safari, iOS), where the video element loads the playlist itself. It
 * honours `EXT-X-START`; a page's `start-time-offset` is applied by a seek once the metadata is in.
 * The video reports failures only as a `MediaError`, so the playlist is looked at to tell an ended
 * broadcast from a lost network.
 */
export class NativeEngine implements PlaybackEngine {
  readonly bitrate = null;
  readonly bandwidthEstimate = null;
  readonly qualities: readonly Quality[] = [];
  quality = -1;

  private readonly listeners = new AbortController();
  private networkDown = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly options: EngineOptions,
    private readonly events: EngineEvents,
  ) {
    const signal = this.listeners.signal;
    video.addEventListener('loadedmetadata', () => this.seekToStartOffset(), { signal });
    video.addEventListener('error', () => void this.onError(), { signal });
    video.addEventListener('playing', () => this.onPlaying(), { signal });
    video.src = options.url;
  }

  get latency(): number | null {
    const edge = this.liveEdge;
    return edge === null ? null : edge - this.video.currentTime;
  }

  get targetLatency(): number | null {
    const offset = this.options.startTimeOffset;
    return offset !== undefined && offset < 0 ? -offset : null;
  }

  get liveSyncPosition(): number | null {
    const edge = this.liveEdge;
    return edge === null ? null : edge - (this.targetLatency ?? 0);
  }

  get programDateTime(): number | null {
    // Safari maps EXT-X-PROGRAM-DATE-TIME to the media timeline through getStartDate().
    const start = (this.video as { getStartDate?(): Date }).getStartDate?.().getTime();
    return start === undefined || Number.isNaN(start) ? null : start + this.video.currentTime * 1000;
  }

  retry(): void {
    this.video.src = this.options.url;
  }

  destroy(): void {
    this.listeners.abort();
    this.video.removeAttribute('src');
    this.video.load();
  }

  private get liveEdge(): number | null {
    const { seekable, duration } = this.video;
    return duration === Infinity && seekable.length > 0 ? seekable.end(seekable.length - 1) : null;
  }

  private seekToStartOffset(): void {
    const position = this.liveSyncPosition;
    if (this.targetLatency !== null && position !== null) this.video.currentTime = position;
  }

  private onPlaying(): void {
    if (!this.networkDown) return;
    this.networkDown = false;
    this.events.networkRestored();
  }

  private async onError(): Promise<void> {
    const error = this.video.error;
    let probe;
    try {
      probe = await probePlaylist(this.options.url, this.listeners.signal);
    } catch {
      return; // destroyed meanwhile
    }
    if (probe.kind === 'not-found' || probe.kind === 'gone' || probe.kind === 'ended') {
      this.events.streamEnded();
    } else if (probe.kind === 'unreachable' || error?.code === MediaError.MEDIA_ERR_NETWORK) {
      this.networkDown = true;
      this.events.networkLost(error);
    } else {
      this.events.mediaFailed(error);
    }
  }
}
