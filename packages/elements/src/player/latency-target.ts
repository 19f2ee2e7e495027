/** Media (seconds) that should still be buffered ahead of the playhead when the next segment lands. */
const SAFETY = 0.15;
/**
 * A segment landing with less than this (seconds) still buffered was nearly too late: the target
 * grows. Below the safety margin, so that a stream merely held tight (hls.js reloads the playlist
 * at a fixed phase to the segments, which may leave little room at every segment) is left alone.
 */
const LOW_MARGIN = 0.05;
/** The target moves back towards the requested distance by this much (seconds) at a time. */
const STEP = 0.25;
/** After the target had to grow it holds this long (ms) before moving back; doubled each time moving back proved too soon. */
const FIRST_CALM_MS = 10_000;
const MAX_CALM_MS = 80_000;
/**
 * After the network was lost (a load failed), the target holds at least this long (ms) from the
 * latest loss before it steps back: a connection that dropped once drops again (a train's
 * tunnels, a phone between cells), and stepping back between two drops only makes the next one
 * stall. Connections that drop more often than this keep the latency the first drop left.
 */
const OUTAGE_CALM_MS = 30_000;
/** Steps back are at least this far apart (ms): time for the latency to follow, and for segments to show the new margin. */
const STEP_INTERVAL_MS = 4000;
/** Samples (one per segment) of the network's need, and of the room segments landed with, a step back must agree with. */
const KEPT_SAMPLES = 8;
/** Segments that must have landed at the current target before it steps back. */
const MIN_MARGINS = 4;

/**
 * The latency `<ifls-player>` holds: the distance the channel (or the page) asked for when the
 * network can carry it, more when it cannot. A segment can be played only once it has come out
 * (one segment after its first frame), the player has seen it in the playlist (a playlist round
 * trip, after a wait for the next reload) and has fetched it; playing closer to the edge than that
 * runs the buffer dry at every segment. So the target is
 *
 * - at least the requested distance, and at least one target duration (hls.js never aims closer:
 *   its sync position stops a target duration short of the playlist's end);
 * - at least what the measured network needs: a segment duration, plus the playlist round trip,
 *   plus the time the last segments took to fetch, plus a small safety margin;
 * - at least what the buffer showed: when a segment lands with (almost) nothing still buffered
 *   ahead, or after the buffer ran dry (a stall), the latency at that moment plus the safety
 *   margin. That covers what the model misses (the wait for the next playlist reload, jitter,
 *   outages).
 *
 * It grows at once and comes back slowly: after a calm spell with every segment landing with room
 * to spare (the step, the safety margin and half a segment, so that the step back cannot cause a
 * stall on the same network), it steps back towards the requested distance. A step back followed
 * by trouble doubles the calm spell before the next one, so a network on the edge never turns
 * into a stall loop; so does a lost network, for longer (`OUTAGE_CALM_MS`). The target never grows
 * past `ceiling` above the requested distance.
 */
export class LatencyTarget {
  private requestedDistance: number | null = null;
  private segment = 0;
  private target: number | null = null;
  private readonly needs: number[] = [];
  /** Room the latest segments landed with since the target last changed (seconds). */
  private readonly margins: number[] = [];
  private lastRaise = -Infinity;
  private lastOutage = -Infinity;
  /** When the first load of the outage under way failed; null while the network works. */
  private outageStart: number | null = null;
  private lastStep = -Infinity;
  private calm = FIRST_CALM_MS;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The latency to hold (seconds); null until the distance and the segment duration are known. */
  get value(): number | null {
    return this.target;
  }

  /** The distance asked for (seconds); null until known. */
  get requested(): number | null {
    return this.requestedDistance;
  }

  /** The distance asked for, and the playlist's target duration (seconds). */
  configure(requested: number, segmentDuration: number): void {
    this.requestedDistance = requested;
    this.segment = segmentDuration;
    const floor = this.floor;
    this.target = Math.max(floor, Math.min(this.target ?? floor, this.ceiling));
    this.margins.length = 0;
  }

  /** A segment was fetched in `fetchSeconds`, with playlists taking `roundTripSeconds` to answer. */
  fetched(fetchSeconds: number, roundTripSeconds: number): void {
    if (this.target === null) return;
    const need = this.segment + roundTripSeconds + fetchSeconds + SAFETY;
    this.needs.push(need);
    if (this.needs.length > KEPT_SAMPLES) this.needs.shift();
    if (need > this.target) this.raise(need);
  }

  /**
   * A segment landed in the buffer with `margin` seconds still buffered ahead of the playhead
   * (0 or less: playback had stopped for it) while playing `latency` seconds behind the edge.
   */
  landed(margin: number, latency: number): void {
    if (this.target === null) return;
    this.margins.push(margin);
    if (this.margins.length > KEPT_SAMPLES) this.margins.shift();
    if (margin < LOW_MARGIN) this.raise(latency + SAFETY - Math.max(margin, 0));
    else this.stepBack();
  }

  /** The network was lost: a load failed (it may come back at once; what the buffer shows then raises the target). */
  lost(): void {
    this.lastOutage = this.now();
    this.outageStart ??= this.lastOutage;
  }

  /**
   * The first segment after an outage landed; through the outage playback ran at `rate` at the
   * slowest (the LatencyKeeper's). Playing slower makes the buffer last longer, but only what is
   * buffered when the network drops: the target grows until the lowest the buffer runs between
   * segments (the least room segments landed with before the outage) lasts, at that rate, as long
   * as this outage did from its first failed load to now. A connection that dropped once drops
   * again, and then does not stall. The latency the outage itself left (slower playback, a stall)
   * is not held: the normal rate control catches up to the new target.
   */
  recovered(rate: number): void {
    if (this.target === null || this.outageStart === null) return;
    const outageSeconds = (this.now() - this.outageStart) / 1000;
    this.outageStart = null;
    const lowest = this.margins.length > 0 ? Math.max(0, Math.min(...this.margins)) : 0;
    this.raise(this.target + rate * outageSeconds + SAFETY - lowest);
  }

  /** The lowest the target goes: the requested distance, or one target duration if that is more. */
  private get floor(): number {
    return Math.max(this.requestedDistance ?? 0, this.segment);
  }

  /** The highest: beyond it, waiting longer does not help; that is an outage, hls.js's and the player's to handle. */
  private get ceiling(): number {
    return this.floor + Math.max(4 * this.segment, 4);
  }

  private raise(latency: number): void {
    const target = Math.min(latency, this.ceiling);
    if (target <= this.target!) return;
    const now = this.now();
    // Trouble soon after a step back: that step was too soon; wait longer before the next one.
    if (now - this.lastStep < 2 * STEP_INTERVAL_MS) this.calm = Math.min(2 * this.calm, MAX_CALM_MS);
    this.target = round(target);
    this.lastRaise = now;
    this.margins.length = 0;
  }

  private stepBack(): void {
    const target = this.target!;
    const floor = this.floor;
    const now = this.now();
    if (target <= floor || now - this.lastRaise < this.calm || now - this.lastStep < STEP_INTERVAL_MS) return;
    if (now - this.lastOutage < OUTAGE_CALM_MS) return;
    const step = Math.min(STEP, target - floor);
    // Room for the step and the safety margin, and half a segment more: a playlist reload that
    // comes back unchanged is tried again half a target duration later (HLS), which delays the
    // next segment by as much, however well the last few arrived.
    if (this.margins.length < MIN_MARGINS || Math.min(...this.margins) < SAFETY + step + this.segment / 2) return;
    if (this.needs.some((need) => need > target - step)) return;
    this.target = round(target - step);
    this.lastStep = now;
    if (this.target <= floor) this.calm = FIRST_CALM_MS;
    this.margins.length = 0;
  }
}

/** Milliseconds are noise here. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
