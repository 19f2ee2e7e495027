/**
 * The media playlist the emulator serves for one rendition. ffmpeg writes a short playlist per
 * run; when ffmpeg is restarted (it crashed, or the broadcaster came back) the next run starts
 * again at segment 0 in a playlist of its own. This class keeps the one continuous list players
 * see: media sequence numbers keep counting, a new run starts with `#EXT-X-DISCONTINUITY`, and
 * `#EXT-X-START` (which ffmpeg never writes) is added.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunPlaylist } from './run-playlist.js';

export interface PlaylistSegment {
  /** Media sequence number in the served playlist. */
  sequence: number;
  uri: string;
  duration: number;
  programDateTime: string | undefined;
  /** First segment of a run that follows another: `#EXT-X-DISCONTINUITY` before it. */
  discontinuity: boolean;
  run: number;
  deleted: boolean;
}

export interface VariantPlaylistOptions {
  folder: string;
  segmentSeconds: number;
  startTimeOffset: number;
  /** Archived renditions keep every segment on disk until it is uploaded. */
  keepSegments: boolean;
}

export class VariantPlaylist {
  private readonly options: VariantPlaylistOptions;
  private readonly segmentList: PlaylistSegment[] = [];
  private readonly windowSize: number;
  private run: { number: number; playlistFile: string; seen: Set<string>; firstOfRun: boolean } | undefined;
  private hasEnded = false;

  constructor(options: VariantPlaylistOptions) {
    this.options = options;
    // Enough segments behind the live edge for the start offset, plus three to play.
    this.windowSize = Math.max(6, Math.ceil(Math.abs(options.startTimeOffset) / options.segmentSeconds) + 3);
  }

  /** Every segment so far, in order (the live window is the last few). */
  get segments(): readonly PlaylistSegment[] {
    return this.segmentList;
  }

  /** Whether any segment exists yet (the playlist answers 404 before). */
  get hasSegments(): boolean {
    return this.segmentList.length > 0;
  }

  /** Whether the broadcast ended (the playlist carries `#EXT-X-ENDLIST`). */
  get ended(): boolean {
    return this.hasEnded;
  }

  /** A new ffmpeg run writes `playlistFile`; its first segment gets a discontinuity. */
  startRun(run: number, playlistFile: string): void {
    this.refresh();
    this.run = { number: run, playlistFile, seen: new Set(), firstOfRun: true };
    this.hasEnded = false;
  }

  /** Takes the last segments of the run that ended. */
  finishRun(): void {
    this.refresh();
    this.run = undefined;
  }

  /** The broadcast is over (for now): players see `#EXT-X-ENDLIST`. */
  end(): void {
    this.finishRun();
    this.hasEnded = true;
  }

  /** Picks up the segments ffmpeg finished since the last look. */
  refresh(): void {
    const run = this.run;
    if (!run) return;
    let text: string;
    try {
      text = readFileSync(join(this.options.folder, run.playlistFile), 'utf8');
    } catch {
      return; // not written yet
    }
    for (const segment of parseRunPlaylist(text).segments) {
      if (run.seen.has(segment.uri)) continue;
      run.seen.add(segment.uri);
      this.segmentList.push({
        sequence: this.segmentList.length,
        uri: segment.uri,
        duration: segment.duration,
        programDateTime: segment.programDateTime,
        discontinuity: run.firstOfRun && this.segmentList.length > 0,
        run: run.number,
        deleted: false,
      });
      run.firstOfRun = false;
    }
    this.deleteOldSegmentsOfEarlierRuns();
  }

  /** The live playlist; undefined until the first segment exists (the server answers 404). */
  renderLive(): string | undefined {
    this.refresh();
    if (this.segmentList.length === 0) return undefined;
    const window = this.segmentList.slice(-this.windowSize);
    const first = window[0]!;
    const discontinuitiesBefore = this.segmentList.slice(0, first.sequence).filter((segment) => segment.discontinuity).length;
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      `#EXT-X-TARGETDURATION:${this.targetDuration()}`,
      `#EXT-X-MEDIA-SEQUENCE:${first.sequence}`,
      `#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuitiesBefore}`,
      '#EXT-X-INDEPENDENT-SEGMENTS',
      `#EXT-X-START:TIME-OFFSET=${formatTimeOffset(this.options.startTimeOffset)}`,
    ];
    for (const segment of window) lines.push(...segmentLines(segment, true));
    if (this.hasEnded) lines.push('#EXT-X-ENDLIST');
    return `${lines.join('\n')}\n`;
  }

  /** A VOD playlist of the segments from `fromSequence` on (an archive of one broadcast). */
  renderVod(fromSequence: number): string {
    this.refresh();
    const segments = this.segmentList.slice(fromSequence);
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      `#EXT-X-TARGETDURATION:${this.targetDuration()}`,
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-PLAYLIST-TYPE:VOD',
      '#EXT-X-INDEPENDENT-SEGMENTS',
    ];
    segments.forEach((segment, index) => lines.push(...segmentLines(segment, index > 0)));
    lines.push('#EXT-X-ENDLIST');
    return `${lines.join('\n')}\n`;
  }

  /**
   * Target duration: the configured segment length, or more if ffmpeg made longer segments. Rounded,
   * not ceiled (RFC 8216 4.3.3.1): a 1.03 s segment must not double hls.js's live delay.
   */
  private targetDuration(): number {
    const longest = Math.max(this.options.segmentSeconds, ...this.segmentList.map((segment) => segment.duration));
    return Math.max(1, Math.round(longest));
  }

  /**
   * ffmpeg deletes the old segments of its own run; those of runs that ended are the server's to
   * delete once they are well behind the live window.
   */
  private deleteOldSegmentsOfEarlierRuns(): void {
    if (this.options.keepSegments) return;
    const keepFrom = this.segmentList.length - this.windowSize - 5;
    for (let index = 0; index < keepFrom; index += 1) {
      const segment = this.segmentList[index]!;
      if (segment.deleted || segment.run === this.run?.number) continue;
      segment.deleted = true;
      try {
        unlinkSync(join(this.options.folder, segment.uri));
      } catch {
        // already gone
      }
    }
  }
}

function segmentLines(segment: PlaylistSegment, withDiscontinuity: boolean): string[] {
  const lines: string[] = [];
  if (withDiscontinuity && segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
  if (segment.programDateTime) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${segment.programDateTime}`);
  lines.push(`#EXTINF:${segment.duration.toFixed(6)},`, segment.uri);
  return lines;
}

/**
 * `EXT-X-START:TIME-OFFSET` is a signed-decimal-floating-point (RFC 8216 4.2: digits and one '.',
 * no exponent). The channel's `startTimeOffset` is written exactly: the digits JavaScript gives
 * for it (the shortest that read back as the same number), in positional notation even where
 * `String()` would use an exponent (1e-7, 1e21). A whole number keeps one decimal (`-2.0`).
 */
export function formatTimeOffset(offset: number): string {
  if (!Number.isFinite(offset)) throw new RangeError(`not a time offset: ${offset}`);
  if (Object.is(offset, -0)) offset = 0;
  const text = positional(offset);
  return text.includes('.') ? text : `${text}.0`;
}

/** `value` in positional decimal notation, with the digits of `String(value)`. */
function positional(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, fraction = '', exponentText] = match;
  const digits = `${lead}${fraction}`;
  const exponent = Number(exponentText);
  // The decimal point goes after digit number `exponent + 1`.
  const point = exponent + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
