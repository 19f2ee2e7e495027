/** A look at a live playlist: at `at` (ms, `performance.now()`), segment `sequence` was its newest. */
export interface Sighting {
  at: number;
  sequence: number;
}

/** How much the moment a segment comes out may wander from the steady beat (ms). */
const JITTER_MS = 25;
/** Looks sweeping a wide window come this often (ms). */
const SWEEP_MS = 100;
/** Sightings kept: about a minute of a player's reloads. */
const KEPT_SIGHTINGS = 64;

/**
 * Estimates when each segment of a live playlist came out, from the times the playlist was looked
 * at. A live stream is made in real time, so segments come out on a steady beat: the segment
 * ending at `end` (seconds of stream time, the sum of the segments' durations) comes out at
 * `end + offset` for one unknown `offset`. Each look bounds it: the newest segment listed was out
 * (offset ≤ at − its end) and the next was not (offset > at − the next one's end). A player that
 * trusts only its own reloads is off by however stale the playlist was when it arrived, up to a
 * whole segment; a few looks at well-chosen moments (`nextLookAt`) narrow that to a few tens of
 * milliseconds.
 */
export class LiveEdgeClock {
  private readonly sightings: Sighting[] = [];

  see(sighting: Sighting): void {
    this.sightings.push(sighting);
    if (this.sightings.length > KEPT_SIGHTINGS) this.sightings.shift();
  }

  /**
   * Bounds on the offset (ms) between when a segment came out and its end, from the newest
   * sightings that agree with each other (a jump in the stream makes older ones disagree).
   * `endOf(sequence)` is a segment's end in seconds of stream time, undefined when unknown;
   * `segmentDuration` the longest a segment may be.
   */
  offsetBounds(endOf: (sequence: number) => number | undefined, segmentDuration: number): [number, number] | undefined {
    let low = -Infinity;
    let high = Infinity;
    for (let index = this.sightings.length - 1; index >= 0; index--) {
      const { at, sequence } = this.sightings[index]!;
      const end = endOf(sequence);
      if (end === undefined) continue;
      const sightingHigh = at - end * 1000 + JITTER_MS;
      const sightingLow = at - (end + segmentDuration) * 1000 - JITTER_MS;
      if (sightingLow > high || sightingHigh < low) break;
      low = Math.max(low, sightingLow);
      high = Math.min(high, sightingHigh);
    }
    return high === Infinity ? undefined : [low, high];
  }

  /** When the segment ending at `end` came out (ms, `performance.now()`), by the middle of the bounds. */
  publishedAt(end: number, [low, high]: [number, number]): number {
    return end * 1000 + (low + high) / 2;
  }

  /**
   * The next moment worth a look, after `now`: while the bounds are wide (more than half a
   * segment), every `SWEEP_MS` through the window in which the next segment comes out, so that the
   * first look that finds it out pins the moment; then in the middle of that window, which halves
   * the bounds. Undefined once they are as narrow as jitter allows.
   */
  nextLookAt(newestEnd: number, segmentDuration: number, [low, high]: [number, number], now: number): number | undefined {
    const width = high - low;
    if (width < 4 * JITTER_MS) return undefined;
    const period = segmentDuration * 1000;
    // When the window of the next segment opens; a later segment's, if that one has closed.
    let opens = (newestEnd + segmentDuration) * 1000 + low;
    while (opens + width < now) opens += period;
    if (width > period / 2) return Math.max(opens, now) + SWEEP_MS;
    let look = opens + width / 2;
    while (look < now + JITTER_MS) look += period;
    return look;
  }
}
