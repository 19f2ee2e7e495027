import { SegmentDownload } from './segment-download.js';
import { playlistStartOffset } from './start-offset-loader.js';
import type { LiveLook } from './stream-waiter.js';

/**
 * A zero or positive start offset is moved this far (s) into the segment it points at. hls.js
 * would otherwise seek to the segment's first frame, the very start of what is buffered, while it
 * appends the next segment; in WebKitGTK that seek can deadlock the MediaSource (GStreamer) and,
 * with it, the whole page (seen with offsets 0 and 1 and 1 s segments; never with a start inside a segment).
 */
const INSET_FROM_SEGMENT_START = 0.1;

/** A media segment fetched before hls.js is there: the one it will start with. */
export interface FirstSegment {
  /** Its absolute URL. */
  url: string;
  /** Where it lies in the playlist the look found (s from that playlist's start). */
  start: number;
  end: number;
  /** Its bytes, as they arrive. */
  download: SegmentDownload;
}

/**
 * Where playback should start, as a start offset hls.js can hold: the page's offset, else the
 * playlist's `EXT-X-START` (a multivariant playlist's first). A negative one is a distance from
 * the edge, and at least one target duration (hls.js never aims closer: its sync position stops
 * that short of the playlist's end); zero or positive ones count from the playlist's start (HLS)
 * and start a tenth of a second later (`INSET_FROM_SEGMENT_START`). Undefined when neither says.
 */
export function holdableStartOffset(look: LiveLook | undefined, pageOffset: number | undefined): number | undefined {
  const offset = startOffsetOf(look, pageOffset);
  if (offset !== undefined && offset >= 0) return offset + INSET_FROM_SEGMENT_START;
  const duration = targetDuration(look?.playlist);
  if (offset === undefined || duration === undefined) return offset;
  return -Math.max(-offset, duration);
}

/** The start offset that decides: the page's, else the playlist's `EXT-X-START` (a multivariant playlist's first). */
export function startOffsetOf(look: LiveLook | undefined, pageOffset: number | undefined): number | undefined {
  return pageOffset ?? offsetIn(look?.master) ?? offsetIn(look?.playlist);
}

/** The playlist's `EXT-X-TARGETDURATION` (s); undefined without one. */
export function targetDuration(playlist: string | undefined): number | undefined {
  const duration = Number(/^#EXT-X-TARGETDURATION:([\d.]+)/m.exec(playlist ?? '')?.[1]);
  return duration > 0 ? duration : undefined;
}

/**
 * Fetches the segment hls.js will start with, while hls.js itself is still being fetched: without
 * it the first frame waits for hls.js, then for the segment; with it, for whichever takes longer.
 * Only for a media playlist (a multivariant one leaves the rendition to hls.js) of whole segments
 * (no byte ranges, keys or parts) and a negative start offset (a distance from the edge); undefined otherwise.
 * The engine then starts hls.js inside this segment (see `HlsEngine`), and answers hls.js's
 * request for it with these bytes.
 */
export function prefetchFirstSegment(
  look: LiveLook,
  playlistUrl: string,
  pageOffset: number | undefined,
  signal: AbortSignal,
): FirstSegment | undefined {
  const offset = holdableStartOffset(look, pageOffset);
  // A zero or positive offset points at the oldest segments of a live playlist, the next to be
  // deleted: those are fetched only from a playlist hls.js has just loaded itself.
  if (look.master !== undefined || offset === undefined || offset >= 0 || /^#EXT-X-(BYTERANGE|KEY|PART|MAP)/m.test(look.playlist)) {
    return undefined;
  }
  const segments = listSegments(look.playlist);
  const total = segments.at(-1)?.end ?? 0;
  const position = total + offset;
  const segment = segments.find(({ start, end }) => start <= position && position < end) ?? segments.at(-1);
  if (!segment) return undefined;
  const url = new URL(segment.uri, new URL(playlistUrl, document.baseURI)).href;
  return { url, start: segment.start, end: segment.end, download: new SegmentDownload(url, signal) };
}

/** The segments of a media playlist, with where each lies from the playlist's start (s). */
function listSegments(playlist: string): { uri: string; start: number; end: number }[] {
  const segments: { uri: string; start: number; end: number }[] = [];
  let duration: number | undefined;
  let end = 0;
  for (const raw of playlist.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) duration = parseFloat(line.slice(8));
    else if (line !== '' && !line.startsWith('#') && duration !== undefined) {
      segments.push({ uri: line, start: end, end: end + duration });
      end += duration;
      duration = undefined;
    }
  }
  return segments;
}

function offsetIn(playlist: string | undefined): number | undefined {
  return playlist === undefined ? undefined : (playlistStartOffset(playlist) ?? undefined);
}
