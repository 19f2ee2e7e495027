import type { LoaderCallbacks, LoaderConfiguration, LoaderStats, PlaylistLoaderConstructor, PlaylistLoaderContext } from 'hls.js';
import { absoluteUrl } from '../internal/absolute-url.js';

/** A playlist the player has fetched already: its absolute URL, its text, when it was answered (ms, `performance.now()`). */
export interface FetchedPlaylist {
  url: string;
  text: string;
  at: number;
}

/**
 * What to hand hls.js for a playlist fetched `age` seconds ago: its text, perhaps edited; undefined
 * when it is too old to be of use (then hls.js loads it itself).
 */
export type Reuse = (playlist: FetchedPlaylist, age: number) => string | undefined;

/**
 * A playlist loader that answers hls.js's first request for each playlist the player has already
 * fetched (the look that found the broadcast) from that text, and loads everything else with
 * `base`. Without it the first frame waits for the same playlist twice: once for the player's
 * look, once more for hls.js. The answer's timing is the look's, so hls.js's idea of the
 * playlist's age, and the schedule of its reloads, are as if it had made that request itself.
 */
export function firstLookLoader(base: PlaylistLoaderConstructor, playlists: FetchedPlaylist[], reuse: Reuse): PlaylistLoaderConstructor {
  // Shared by every loader hls.js makes (one per request): each playlist answers one request.
  const unused = new Map(playlists.map((playlist) => [playlist.url, playlist]));
  return class FirstLookLoader extends base {
    private answering = false;

    override load(context: PlaylistLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<PlaylistLoaderContext>): void {
      // hls.js asks for the URL as the page gave it, relative or not.
      const url = absoluteUrl(context.url);
      const playlist = unused.get(url);
      unused.delete(url);
      const text = playlist && reuse(playlist, (performance.now() - playlist.at) / 1000);
      if (playlist === undefined || text === undefined) return super.load(context, config, callbacks);
      this.context = context;
      const stats: LoaderStats = this.stats;
      stats.loading = { start: playlist.at, first: playlist.at, end: playlist.at };
      stats.loaded = stats.total = text.length;
      this.answering = true;
      // Answered as a network load would be, after load() has returned: hls.js registers the
      // loader only then.
      queueMicrotask(() => {
        if (!this.answering) return;
        this.answering = false;
        callbacks.onSuccess({ url: context.url, data: text, code: 200 }, stats, context, null);
      });
    }

    override abort(): void {
      this.answering = false;
      super.abort();
    }

    override destroy(): void {
      this.answering = false;
      super.destroy();
    }
  };
}
