/** When a download was asked for, began and finished arriving (ms, `performance.now()`), and its size. */
export interface DownloadTiming {
  start: number;
  first: number;
  end: number;
  bytes: number;
}

/**
 * Bytes are handed on in pieces of at least this much (the last one aside): a throttled network
 * delivers them a packet (1.5 KB) at a time, and hls.js transmuxes and appends each piece on its
 * own, while it can start only once it has a keyframe and a whole audio packet, tens of kilobytes.
 */
const MIN_PIECE = 16 * 1024;

/**
 * A segment's bytes as they arrive, for a reader that may come before or after they do: the one
 * `<ifls-player>` fetches ahead while hls.js is still loading, so that hls.js can transmux its start
 * while the rest is on the way (on a slow network, media is buffered before the whole segment is
 * in; how much sooner depends on where the segment's first audio packet ends).
 */
export class SegmentDownload {
  /** The timing once every byte is in; undefined if the fetch failed or was aborted. */
  readonly done: Promise<DownloadTiming | undefined>;
  private readonly pieces: ArrayBuffer[] = [];
  private reader: ((piece: ArrayBuffer) => void) | undefined;

  constructor(url: string, signal: AbortSignal) {
    this.done = this.fetch(url, signal);
  }

  /** Hands `reader` every piece received so far, then each as it arrives. One reader: pieces it has are let go. */
  read(reader: (piece: ArrayBuffer) => void): void {
    this.pieces.splice(0).forEach(reader);
    this.reader = reader;
  }

  private async fetch(url: string, signal: AbortSignal): Promise<DownloadTiming | undefined> {
    const start = performance.now();
    try {
      const response = await fetch(url, { signal });
      const first = performance.now();
      if (!response.ok || !response.body) return undefined;
      const stream = response.body.getReader();
      let bytes = 0;
      let held: Uint8Array[] = [];
      let heldBytes = 0;
      for (;;) {
        const { done, value } = await stream.read();
        if (value) {
          held.push(value);
          heldBytes += value.byteLength;
          bytes += value.byteLength;
        }
        if (heldBytes >= MIN_PIECE || (done && heldBytes > 0)) {
          this.hand(joined(held, heldBytes));
          held = [];
          heldBytes = 0;
        }
        if (done) return { start, first, end: performance.now(), bytes };
      }
    } catch {
      return undefined; // aborted, or offline: hls.js will load it, and say what fails
    }
  }

  private hand(piece: ArrayBuffer): void {
    if (this.reader) this.reader(piece);
    else this.pieces.push(piece);
  }
}

/** `parts` one after the other, `bytes` in all, in a buffer of their own (hls.js keeps what it is handed). */
function joined(parts: Uint8Array[], bytes: number): ArrayBuffer {
  const whole = new Uint8Array(bytes);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.byteLength;
  }
  return whole.buffer;
}
