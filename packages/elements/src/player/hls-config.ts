import Hls from 'hls.js/dist/hls.light.mjs';
import type { FragmentLoaderConstructor, HlsConfig, PlaylistLoaderConstructor } from 'hls.js';
import type { EngineOptions } from './playback-engine.js';
import { firstLookLoader, type FetchedPlaylist } from './first-look-loader.js';
import { holdableStartOffset, startOffsetOf } from './first-segment.js';
import { firstSegmentLoader } from './first-segment-loader.js';
import { startOffsetLoader, withStartOffset } from './start-offset-loader.js';
import { firstVariantUri } from './stream-waiter.js';

/** A playlist the player looked at longer ago than this (s) is fetched again rather than handed to hls.js. */
const MAX_REUSE_AGE = 3;

/**
 * How `HlsEngine` configures hls.js for `options`: live latency held by the player's own
 * LatencyTarget and LatencyKeeper, playlists that start where the page or the channel asks, and
 * the playlists and first segment the player fetched before hls.js came answering its first requests.
 */
export function hlsConfig(options: EngineOptions): Partial<HlsConfig> {
  const look = options.firstLook;
  const startOffset = startOffsetOf(look, options.startTimeOffset);
  // hls.js starts where the playlists' EXT-X-START says; make that a distance it can hold.
  const startAt = holdableStartOffset(look, options.startTimeOffset);
  const loader = Hls.DefaultConfig.loader as PlaylistLoaderConstructor;
  const fragmentLoader = Hls.DefaultConfig.loader as FragmentLoaderConstructor;
  // Every playlist is made to say `startAt` (the page set one, or the channel's is too short).
  const rewritesStart = startAt !== undefined && (options.startTimeOffset !== undefined || startAt !== startOffset);
  const rewritten = rewritesStart ? startOffsetLoader(loader, startAt) : loader;
  const segment = options.firstSegment;
  return {
    // The ESM build has no inline (blob:) worker, so without a worker file transmuxing runs on
    // the main thread and a strict CSP needs nothing more.
    enableWorker: options.workerPath !== undefined,
    workerPath: options.workerPath ?? null,
    // The LatencyTarget decides the distance and the LatencyKeeper holds it, both ways; hls.js's
    // catch-up only speeds up.
    maxLiveSyncPlaybackRate: 1,
    // After a stall the LatencyTarget moves the distance back by what the network needs; hls.js
    // would add a second per stall, for good.
    liveSyncOnStallIncrease: 0,
    // Request the first fragment as soon as the playlist is in, even if the MediaSource is
    // still opening; otherwise a playlist that beats 'sourceopen' waits for hls.js's next tick.
    startFragPrefetch: true,
    // A live stream's duration is unknown: Infinity, with the playlist's window as the seekable
    // range. hls.js would otherwise make it the playlist's end, and WebKit (GStreamer) ends
    // playback when the playhead gets there, as it does when the network fails.
    liveDurationInfinity: true,
    backBufferLength: 10,
    capLevelToPlayerSize: true,
    // The playlists the look fetched answer hls.js's first requests for them: the first frame
    // waits for no playlist twice. (The default loader is generic over what it loads; its type
    // just does not say so.)
    pLoader: look ? firstLookLoader(rewritten, lookedAt(options.url, look), reuse(startAt, rewritesStart, segment)) : rewritten,
    // hls.js transmuxes what has arrived of a segment, if its loader hands it on before the end:
    // the first segment, fetched while hls.js itself was (`prefetchFirstSegment`), is buffered
    // from once a keyframe and a whole audio packet are in (about two thirds into a 1 s segment
    // of ffmpeg's MPEG-TS). The others come whole, as before (XHR; `progressive`
    // alone would make them fetches in 128 KB pieces, a segment or so here).
    progressive: true,
    fLoader: segment ? firstSegmentLoader(fragmentLoader, segment) : fragmentLoader,
  };
}

/** The playlists the look fetched, by the absolute URLs hls.js will ask for. */
function lookedAt(playlistUrl: string, look: NonNullable<EngineOptions['firstLook']>): FetchedPlaylist[] {
  const url = new URL(playlistUrl, document.baseURI).href;
  if (look.master === undefined) return [{ url, text: look.playlist, at: look.at }];
  const variant = firstVariantUri(look.master);
  const playlists = [{ url, text: look.master, at: look.at }];
  if (variant !== undefined) playlists.push({ url: new URL(variant, url).href, text: look.playlist, at: look.at });
  return playlists;
}

/**
 * A playlist the look fetched `age` seconds ago, for hls.js's first request for it. hls.js counts
 * a negative start offset from the end of the playlist it has; a look `age` seconds old ends
 * `age` seconds short of the one it would fetch now, so the offset it gets is shorter by as much
 * and playback starts where a fresh playlist would start it: within the segment fetched ahead,
 * if there is one, as close to that as the segment allows (a start up to `age` further back,
 * which the LatencyKeeper takes back, costs less than a round trip). Too old (it would start
 * past the end of what it lists, or its segments may be gone), hls.js fetches the playlist anew.
 * `offset` is the start offset hls.js gets; `rewritesStart`, whether every playlist is made to say it.
 */
function reuse(offset: number | undefined, rewritesStart: boolean, segment: EngineOptions['firstSegment']) {
  return ({ text }: FetchedPlaylist, age: number): string | undefined => {
    if (age > MAX_REUSE_AGE) return undefined;
    if (offset === undefined || (!rewritesStart && !/^#EXT-X-START/m.test(text))) return text;
    // Counted from the playlist's start, where segments leave a live playlist: only a fresh one will do.
    if (offset >= 0) return undefined;
    if (segment && /^#EXTINF/m.test(text)) {
      const total = playlistDuration(text);
      const wanted = total + offset + age;
      // hls.js takes a position within a quarter second of a segment's end for the next one.
      const position = Math.min(Math.max(wanted, segment.start + 0.05), segment.end - 0.3);
      return withStartOffset(text, Math.round((position - total) * 1000) / 1000);
    }
    if (offset + age >= 0) return undefined;
    return withStartOffset(text, Math.round((offset + age) * 1000) / 1000);
  };
}

/** The sum of a media playlist's segment durations (s): where hls.js puts its edge. */
function playlistDuration(playlist: string): number {
  return [...playlist.matchAll(/^#EXTINF:([\d.]+)/gm)].reduce((sum, [, seconds]) => sum + Number(seconds), 0);
}
