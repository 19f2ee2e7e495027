import type Hls from 'hls.js/dist/hls.light.mjs';

/** Two media errors closer than this call for the stronger remedy (hls.js's recovery recipe). */
const MEDIA_ERROR_WINDOW_MS = 3000;

/**
 * hls.js's recipe for fatal media errors: a new MediaSource; if another error comes soon after,
 * the audio codec swapped as well; after that, nothing more to try.
 */
export class MediaErrorRecovery {
  private lastError = -Infinity;
  private audioCodecSwapped = false;

  constructor(private readonly hls: Hls) {}

  /** Applies the next remedy; false when none is left and the stream cannot be played. */
  recover(): boolean {
    const now = performance.now();
    const again = now - this.lastError < MEDIA_ERROR_WINDOW_MS;
    this.lastError = now;
    if (!again) {
      this.hls.recoverMediaError();
    } else if (!this.audioCodecSwapped) {
      this.audioCodecSwapped = true;
      this.hls.swapAudioCodec();
      this.hls.recoverMediaError();
    } else {
      return false;
    }
    return true;
  }
}
