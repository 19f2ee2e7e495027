/** A pause this soon (ms) after a seek began, that nobody asked for, is the engine's own. */
const SELF_PAUSE_WINDOW_MS = 1000;

/**
 * Tells the viewer's pauses from the browser's own. The viewer's is held (WebKitGTK's MediaSource
 * can lose a `pause()`); one the browser made itself right after a seek is reported as such, for
 * the session to play on.
 */
export class ViewerPause {
  /** The viewer paused (through `hold()`) and has not played since. */
  paused = false;

  private check: ReturnType<typeof setTimeout> | undefined;
  /** When the video last began a seek (ms, `performance.now()`). */
  private lastSeek = -Infinity;
  /** The engine's MediaSource was made anew, and the video has not played since. */
  private sourceReset = false;

  constructor(private readonly video: () => HTMLVideoElement) {}

  /** Notes the video's seeks (until `signal` aborts), which open the window of `isSelfPause()`, and when it plays. */
  watchSeeks(signal: AbortSignal): void {
    const video = this.video();
    video.addEventListener('seeking', () => (this.lastSeek = performance.now()), { signal });
    video.addEventListener('playing', () => (this.sourceReset = false), { signal });
  }

  /**
   * The engine's MediaSource was emptied under it and is being made anew (hls.js does so by
   * itself when WebKitGTK's MediaSource fails, "Failed to push buffer", e.g. at a start among a
   * live playlist's oldest segments): the video is paused by that, not by anyone.
   */
  noteSourceReset(): void {
    this.sourceReset = true;
  }

  /**
   * The viewer pauses: pauses, and looks again a moment later that it held: WebKitGTK's
   * MediaSource can lose a `pause()` that lands during one of its own flushing seeks, and the video
   * plays on.
   */
  hold(attempt = 0): void {
    this.paused = true;
    const video = this.video();
    video.pause();
    clearTimeout(this.check);
    if (attempt >= 3) return;
    this.check = setTimeout(() => {
      if (this.paused && !video.paused) this.hold(attempt + 1);
    }, 250);
  }

  /** The viewer plays again, or the source changes: no pause to hold. */
  release(): void {
    this.paused = false;
    this.sourceReset = false;
    clearTimeout(this.check);
  }

  /**
   * The pause that just happened is the browser's own. WebKitGTK's MediaSource pauses the video
   * itself after some flushing seeks, e.g. hls.js's jump forward when a start among a live
   * playlist's oldest segments (offset 0 or positive) has left the window meanwhile. Only a pause
   * the viewer did not ask for that comes within a second of a seek began (the player's or
   * hls.js's: a live player offers the viewer no seeking): that bounds it, a browser that keeps
   * pausing is not fought for long. Not while a new MediaSource is being attached (nothing loaded:
   * hls.js's media error recovery), where a play() hangs WebKitGTK's page; not at the end.
   */
  isSelfPause(): boolean {
    const video = this.video();
    const afterSeek = performance.now() - this.lastSeek < SELF_PAUSE_WINDOW_MS;
    return afterSeek && !this.paused && video.readyState > 1 && !video.ended;
  }

  /**
   * The video stands paused only because its MediaSource was made anew (`noteSourceReset`), and
   * the new one can play now. Not sooner: a play() while it is being attached hangs WebKitGTK's page.
   */
  isPausedByReset(): boolean {
    const video = this.video();
    return this.sourceReset && !this.paused && video.paused && video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA;
  }
}
