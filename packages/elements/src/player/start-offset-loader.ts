import type { LoaderCallbacks, LoaderConfiguration, PlaylistLoaderConstructor, PlaylistLoaderContext } from 'hls.js';

/**
 * A playlist loader that makes every playlist say `EXT-X-START:TIME-OFFSET=<offset>`. hls.js has
 * no option for a start offset of the page's choosing, but it honours the playlist's own exactly,
 * so the page's `start-time-offset` is written into the playlist as it arrives.
 */
export function startOffsetLoader(base: PlaylistLoaderConstructor, offset: number): PlaylistLoaderConstructor {
  return class StartOffsetLoader extends base {
    override load(context: PlaylistLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<PlaylistLoaderContext>): void {
      super.load(context, config, {
        ...callbacks,
        onSuccess: (response, stats, loaded, details) => {
          if (typeof response.data === 'string') response.data = withStartOffset(response.data, offset);
          callbacks.onSuccess(response, stats, loaded, details);
        },
      });
    }
  };
}

export function withStartOffset(playlist: string, offset: number): string {
  const lines = playlist.split('\n').filter((line) => !line.startsWith('#EXT-X-START'));
  lines.splice(1, 0, `#EXT-X-START:TIME-OFFSET=${offset}`);
  return lines.join('\n');
}

/** The `TIME-OFFSET` of a playlist's `EXT-X-START`; null without one. */
export function playlistStartOffset(playlist: string): number | null {
  const match = /^#EXT-X-START:(?:.*,)?TIME-OFFSET=(-?\d+(?:\.\d+)?)/m.exec(playlist);
  return match ? Number(match[1]) : null;
}

/**
 * A start offset as the page gave it (the `start-time-offset` attribute, or the property): a finite
 * number, or undefined so that the playlist's `EXT-X-START` decides. A removed attribute, an empty
 * one or one that is not a number must not reach hls.js: it would write it into the playlist as
 * `TIME-OFFSET=null` (or `NaN`, or `0` for `""`), and both offsets would be lost.
 */
export function pageStartOffset(value: unknown): number | undefined {
  const offset = typeof value === 'string' ? (value.trim() === '' ? NaN : Number(value)) : value;
  return typeof offset === 'number' && Number.isFinite(offset) ? offset : undefined;
}
