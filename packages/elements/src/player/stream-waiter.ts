import { ReconnectPolicy } from '../internal/reconnect-policy.js';
import { playlistStartOffset } from './start-offset-loader.js';

/** A broadcast on the air whose playlist is still too short is looked at again this soon (ms). */
const SHORT_PLAYLIST_LOOK_MS = 1000;

/**
 * What one look at the playlist found. For a multivariant playlist, what its first rendition's
 * media playlist says: `text` is that media playlist, `master` the multivariant one.
 */
export type PlaylistProbe =
  /** `at`: when the server answered, about (ms, `performance.now()`). */
  | { kind: 'live'; text: string; at: number; master?: string }
  /** The playlist carries `EXT-X-ENDLIST`: that broadcast is over. */
  | { kind: 'ended'; text: string }
  /** 404 or 403 (a bucket that hides missing keys): not started yet, or deleted. */
  | { kind: 'not-found'; status: number }
  /** 410: deleted for good. */
  | { kind: 'gone' }
  /** No answer, or an answer that waiting may fix (5xx, other 4xx). */
  | { kind: 'unreachable'; cause: unknown };

/** A live media playlist and when it was looked at (ms, `performance.now()`). */
export interface LiveLook {
  playlist: string;
  at: number;
  /** The multivariant playlist `playlist` is the first rendition of; undefined for a media playlist. */
  master?: string;
}

export interface WaitOptions {
  signal: AbortSignal;
  /** Called after every look that did not find a live stream. */
  onProbe?(probe: PlaylistProbe): void;
  /**
   * Count a playlist as live only once it has changed between two looks, so that the playlist of
   * a broadcast that stopped without `EXT-X-ENDLIST` is not taken for the next broadcast.
   */
  requireChange?: boolean;
  /** The page's start offset (negative seconds), if it set one; else the playlist's decides. */
  startTimeOffset?: number;
}

/**
 * Waits for a broadcast to be on the air; resolves with the look that found it. hls.js gives
 * up on a 404 playlist (by design), which is exactly what a channel that has not started answers,
 * so the player looks at the playlist itself with `fetch` and hands it to an engine only once it
 * lists media. Looks back off from 1 s to 5 s, jittered so that the viewers of one popular channel
 * spread out, and happen at once when the browser comes back online. A broadcast that has just
 * begun is taken once its playlist reaches back to the start offset (`reachesBack`). Rejects with
 * the signal's reason when aborted.
 */
export async function waitForBroadcast(url: string, options: WaitOptions): Promise<LiveLook> {
  const policy = new ReconnectPolicy(Infinity, 1000, 5000);
  let previous: string | undefined;
  for (;;) {
    const probe = await probePlaylist(url, options.signal);
    if (probe.kind === 'live') {
      const changed = previous !== undefined && probe.text !== previous;
      previous = probe.text;
      if (!options.requireChange || changed) {
        // A multivariant playlist's EXT-X-START comes before its renditions' (as in hls.js).
        const offset =
          options.startTimeOffset ?? (probe.master === undefined ? undefined : (playlistStartOffset(probe.master) ?? undefined));
        if (reachesBack(probe.text, offset)) return { playlist: probe.text, at: probe.at, master: probe.master };
        await sleepUntilOnline(SHORT_PLAYLIST_LOOK_MS, options.signal);
        continue;
      }
    }
    options.onProbe?.(probe);
    await sleepUntilOnline(policy.nextDelay()!, options.signal);
  }
}

/**
 * Whether a live media playlist reaches back far enough to start `offset` seconds (negative)
 * behind its edge, past the first segment of the broadcast with a segment to spare: a player
 * cannot start further back than the playlist does, and the first segment is best left alone
 * (WebKit's GStreamer MediaSource fails, or hangs the page, when hls.js starts in the first
 * segment ffmpeg makes). Without an offset, three target durations (hls.js's default). A playlist
 * that has started to drop segments (media sequence above 0) is as long as it gets; a
 * multivariant playlist lists no segments: both do.
 */
export function reachesBack(playlist: string, offset: number | undefined): boolean {
  if (!/^#EXTINF/m.test(playlist) || Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)/m.exec(playlist)?.[1] ?? 0) > 0) return true;
  const target = Number(/^#EXT-X-TARGETDURATION:([\d.]+)/m.exec(playlist)?.[1] ?? 0);
  const distance = -(offset ?? playlistStartOffset(playlist) ?? -3 * target);
  const duration = [...playlist.matchAll(/^#EXTINF:([\d.]+)/gm)].reduce((sum, [, seconds]) => sum + Number(seconds), 0);
  return duration >= Math.max(0, distance) + 2 * target;
}

/**
 * Looks at the playlist. A multivariant playlist never ends and never changes (it lists the
 * renditions, not the segments), so for one the look goes on to its first rendition's media
 * playlist: that one says whether the broadcast has begun, goes on, or has ended.
 */
export async function probePlaylist(url: string, signal: AbortSignal): Promise<PlaylistProbe> {
  const look = await fetchPlaylist(url, signal);
  if (look.kind !== 'answered') return look;
  const variant = firstVariantUri(look.text);
  if (variant === undefined) return readMediaPlaylist(look);
  const media = await fetchPlaylist(new URL(variant, look.url).href, signal);
  if (media.kind !== 'answered') return media;
  const probe = readMediaPlaylist(media);
  return probe.kind === 'live' ? { ...probe, master: look.text } : probe;
}

/** The URI of the first variant a multivariant playlist lists; undefined for a media playlist. */
export function firstVariantUri(playlist: string): string | undefined {
  const lines = playlist.split(/\r?\n/).map((line) => line.trim());
  const tag = lines.findIndex((line) => line.startsWith('#EXT-X-STREAM-INF:'));
  if (tag < 0) return undefined;
  return lines.slice(tag + 1).find((line) => line !== '' && !line.startsWith('#'));
}

type PlaylistAnswer =
  /** `url`: where the playlist came from after redirects, the base of the URIs it lists. */
  { kind: 'answered'; text: string; url: string; at: number } | Exclude<PlaylistProbe, { kind: 'live' | 'ended' }>;

async function fetchPlaylist(url: string, signal: AbortSignal): Promise<PlaylistAnswer> {
  let response: Response;
  let text: string;
  const start = performance.now();
  let answered: number;
  try {
    response = await fetch(url, { cache: 'no-store', signal });
    answered = performance.now();
    text = await response.text();
  } catch (cause) {
    signal.throwIfAborted();
    return { kind: 'unreachable', cause };
  }
  if (response.status === 404 || response.status === 403) return { kind: 'not-found', status: response.status };
  if (response.status === 410) return { kind: 'gone' };
  if (!response.ok) return { kind: 'unreachable', cause: new Error(`HTTP ${response.status} for ${url}`) };
  return { kind: 'answered', text, url: response.url || url, at: (start + answered) / 2 };
}

/** A media playlist that lists no segment yet counts as not there: the broadcast has not begun. */
function readMediaPlaylist({ text, at }: { text: string; at: number }): PlaylistProbe {
  if (/^#EXT-X-ENDLIST/m.test(text)) return { kind: 'ended', text };
  if (/^#EXTINF/m.test(text)) return { kind: 'live', text, at };
  return { kind: 'not-found', status: 200 };
}

/** Sleeps `ms`, cut short when the browser goes online; rejects with the signal's reason when aborted. */
function sleepUntilOnline(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      removeEventListener('online', done);
      signal.removeEventListener('abort', abort);
      resolve();
    };
    const abort = () => {
      done();
      reject(signal.reason);
    };
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    addEventListener('online', done);
    signal.addEventListener('abort', abort);
  });
}
