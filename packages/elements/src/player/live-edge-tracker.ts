import type Hls from 'hls.js';
import type { LevelDetails, LevelLoadedData } from 'hls.js';
import HlsLight from 'hls.js/dist/hls.light.mjs';
import { LiveEdgeClock } from './live-edge-clock.js';
import type { LiveLook } from './stream-waiter.js';

/** Looks of the tracker's own are never closer together than this. */
const MIN_LOOK_INTERVAL_MS = 100;
/**
 * Looks of the tracker's own at most in a row: enough to pin the edge, bounded where jitter never
 * lets it. One more is allowed every `LOOK_REFILL_MS`: the sightings that pinned it age out of the
 * clock after a minute, and reloads that each find a new segment bound it from one side only.
 */
const LOOK_BUDGET = 20;
const LOOK_REFILL_MS = 5000;
/** Segment ends remembered: a minute of sightings' worth. */
const KEPT_ENDS = 64;
/** hls.js's reloads are put on the beat of the segments once the moment they come out is known this closely (fraction of a segment). */
const ALIGN_WITHIN = 0.25;

/**
 * Tells hls.js where the live edge really is. hls.js takes the newest segment of a playlist to
 * have come out the moment the playlist arrived, so its latency, its catch-up and "go live" are
 * all off by how stale the playlist was (anything up to a segment, and it stays so, as reloads
 * keep their beat). The tracker feeds every reload, and a few looks of its own at moments that
 * tell the most, to a `LiveEdgeClock`, and writes the estimate into the playlist's
 * `advancedDateTime`, the field from which hls.js computes the edge.
 *
 * It also puts hls.js's reloads on the segments' beat. hls.js reloads a live playlist one segment
 * apart, at whatever phase its first load had: with reloads due just before segments come out,
 * each segment is learnt of almost a segment late, every time, and the latency the player can
 * hold grows by as much (half a segment on average). Once the moment segments come out is known,
 * the tracker moves the reload after next to just after one does (through `requestScheduled`,
 * the field hls.js schedules reloads from): from then on each reload finds the newest segment
 * out. No request waits for it, and none is added.
 *
 * Its own looks, and the reloads' timing, begin only once playback has (`allowLooks`): the first
 * frame needs no sharper edge than hls.js's, and on a slow network every request before it
 * competes with the ones it waits for.
 */
export class LiveEdgeTracker {
  private clock = new LiveEdgeClock();
  /** End of each segment seen, in seconds of stream time (the sum of the segments' durations). */
  private readonly ends = new Map<number, number>();
  private readonly looks = new AbortController();
  private lookTimer: ReturnType<typeof setTimeout> | undefined;
  private lastLook = -Infinity;
  private looksLeft = LOOK_BUDGET;
  private lastRefill = performance.now();
  /** Looks wait for the first frame: until then every round trip is one the first frame may wait for. */
  private looksAllowed = false;

  /** `firstLook`: the look that found the broadcast, before hls.js was there; one more sighting. */
  constructor(
    private readonly hls: Hls,
    firstLook: LiveLook | undefined,
  ) {
    hls.on(HlsLight.Events.LEVEL_LOADED, this.onLevelLoaded);
    if (firstLook) {
      const sequence = newestSequence(firstLook.playlist);
      if (sequence !== undefined) this.clock.see({ at: firstLook.at, sequence });
    }
  }

  /** Playback has started: the tracker may look at the playlist itself from now on. */
  allowLooks(): void {
    if (this.looksAllowed) return;
    this.looksAllowed = true;
    const details = this.hls.latestLevelDetails;
    if (details?.live) this.update(details);
  }

  destroy(): void {
    this.looks.abort();
    clearTimeout(this.lookTimer);
    this.hls.off(HlsLight.Events.LEVEL_LOADED, this.onLevelLoaded);
  }

  private readonly onLevelLoaded = (_event: string, { details, stats }: LevelLoadedData) => {
    if (!details.live) return;
    this.recordEnds(details);
    const { start, first, end } = stats.loading;
    this.clock.see({ at: (start + (first || start)) / 2, sequence: details.endSN });
    const bounds = this.update(details);
    if (bounds) this.timeReloads(details, bounds, end - start);
  };

  /**
   * Stream time, not hls.js's media time, which shifts once hls.js has read the first
   * timestamps; stream time stays put, so sightings keep their meaning after their segments
   * have left the playlist.
   */
  private recordEnds(details: LevelDetails): void {
    const newest = Math.max(...this.ends.keys());
    if (this.ends.size > 0 && (details.startSN > newest + 1 || details.endSN < newest - details.fragments.length)) {
      // The sequence jumped (a new stream on the same playlist): start over.
      this.ends.clear();
      this.clock = new LiveEdgeClock();
      this.looksLeft = LOOK_BUDGET;
    }
    for (const fragment of details.fragments) {
      const previous = this.ends.get(fragment.sn - 1) ?? (this.ends.size === 0 ? 0 : undefined);
      if (previous !== undefined && !this.ends.has(fragment.sn)) this.ends.set(fragment.sn, previous + fragment.duration);
    }
    for (const sequence of this.ends.keys()) {
      if (this.ends.size <= KEPT_ENDS) break;
      this.ends.delete(sequence);
    }
  }

  /** Feeds hls.js the edge as the clock has it now, and plans the next look; answers the clock's bounds (undefined while unknown). */
  private update(details: LevelDetails): [number, number] | undefined {
    const newestEnd = this.ends.get(details.endSN);
    if (newestEnd === undefined) return undefined;
    const endOf = (sequence: number) =>
      // A look may find segments hls.js has not seen yet; they are about a target duration long.
      sequence > details.endSN ? newestEnd + (sequence - details.endSN) * details.targetduration : this.ends.get(sequence);
    const bounds = this.clock.offsetBounds(endOf, details.targetduration);
    if (!bounds) return undefined;
    details.advancedDateTime = performance.timeOrigin + this.clock.publishedAt(newestEnd, bounds);

    clearTimeout(this.lookTimer);
    const now = performance.now();
    const lookAt = this.clock.nextLookAt(newestEnd, details.targetduration, bounds, now);
    const refills = Math.floor((now - this.lastRefill) / LOOK_REFILL_MS);
    if (refills > 0) {
      this.looksLeft = Math.min(LOOK_BUDGET, this.looksLeft + refills);
      this.lastRefill += refills * LOOK_REFILL_MS;
    }
    if (lookAt !== undefined && this.looksLeft > 0 && this.looksAllowed) {
      const delay = Math.max(lookAt, this.lastLook + MIN_LOOK_INTERVAL_MS) - now;
      this.lookTimer = setTimeout(() => void this.look(details.url), delay);
    }
    return bounds;
  }

  /**
   * hls.js has just scheduled its next reload (`details.requestScheduled`), and when the one after
   * it answers it schedules the following one from that field: a segment after the previous
   * one, or at once if that has passed. Made the segment before the first to come out after that
   * answer, the following reloads fall just after segments come out. Only after a reload that
   * found a new segment: after one that did not, hls.js's own retry (half a segment later) runs.
   * Not where the server holds a reload until the next segment is out (LL-HLS blocking reloads).
   */
  private timeReloads(details: LevelDetails, [low, high]: [number, number], loadMs: number): void {
    const newestEnd = this.ends.get(details.endSN);
    const duration = details.fragments.at(-1)?.duration;
    if (!this.looksAllowed || !details.updated || details.canBlockReload || newestEnd === undefined || !duration) return;
    const period = duration * 1000;
    if (high - low > ALIGN_WITHIN * period) return;
    // The next reload answers about as long after it is made as this one did.
    const answered = details.requestScheduled + loadMs;
    // By the later bound, the segment after the newest is out then; the ones after it a segment apart.
    let out = (newestEnd + duration) * 1000 + high;
    if (out <= answered) out += (Math.floor((answered - out) / period) + 1) * period;
    details.requestScheduled = out - period <= answered ? out - period : out;
  }

  private async look(url: string): Promise<void> {
    const start = performance.now();
    this.lastLook = start;
    this.looksLeft -= 1;
    let text: string;
    let answered: number;
    try {
      const response = await fetch(url, { cache: 'no-store', signal: this.looks.signal });
      answered = performance.now();
      if (!response.ok) return;
      text = await response.text();
    } catch {
      return; // destroyed, or offline: hls.js's own reloads will say so
    }
    const sequence = newestSequence(text);
    if (sequence === undefined || this.looks.signal.aborted) return;
    this.clock.see({ at: (start + answered) / 2, sequence });
    const details = this.hls.latestLevelDetails;
    if (details?.live) this.update(details);
  }
}

/** Media sequence number of the newest segment a media playlist lists. */
function newestSequence(playlist: string): number | undefined {
  const first = /^#EXT-X-MEDIA-SEQUENCE:(\d+)/m.exec(playlist);
  const count = playlist.match(/^#EXTINF/gm)?.length ?? 0;
  return count === 0 ? undefined : Number(first?.[1] ?? 0) + count - 1;
}
