import type { FragmentLoaderConstructor, FragmentLoaderContext, LoaderCallbacks, LoaderConfiguration, LoaderStats } from 'hls.js';
import type { FirstSegment } from './first-segment.js';
import { absoluteUrl } from '../internal/absolute-url.js';

/**
 * A fragment loader that answers hls.js's first request for the segment the player fetched ahead
 * (`prefetchFirstSegment`) with those bytes, piece by piece as they arrive (hls.js runs with
 * `progressive`, so it transmuxes and appends each piece at once), and loads everything else (and
 * that segment too, if its fetch failed before any byte came) with `base`. The answer carries the
 * fetch's own timing, so hls.js's bandwidth estimate is as if it had loaded the segment itself.
 */
export function firstSegmentLoader(base: FragmentLoaderConstructor, segment: FirstSegment): FragmentLoaderConstructor {
  let unused = true;
  return class FirstSegmentLoader extends base {
    private waiting: LoaderCallbacks<FragmentLoaderContext> | undefined;

    override load(context: FragmentLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<FragmentLoaderContext>): void {
      // hls.js resolves segment URIs against the playlist's URL as the page gave it, relative or not.
      if (!unused || absoluteUrl(context.url) !== segment.url || context.rangeEnd) return super.load(context, config, callbacks);
      unused = false;
      this.context = context;
      this.waiting = callbacks;
      const stats: LoaderStats = this.stats;
      let streamed = false;
      segment.download.read((piece) => {
        if (this.waiting !== callbacks) return;
        streamed = true;
        stats.loaded += piece.byteLength;
        callbacks.onProgress?.(stats, context, piece, null);
      });
      void segment.download.done.then((timing) => {
        if (this.waiting !== callbacks) return;
        this.waiting = undefined;
        if (!timing && !streamed) return super.load(context, config, callbacks);
        if (!timing) return callbacks.onError({ code: 0, text: 'the segment fetched ahead broke off' }, context, null, stats);
        stats.loading = { start: timing.start, first: timing.first, end: timing.end };
        stats.loaded = stats.total = timing.bytes;
        // The bytes went with the pieces, as with hls.js's own fetch loader (hls.js runs with `progressive`).
        callbacks.onSuccess({ url: context.url, data: new ArrayBuffer(0), code: 200 }, stats, context, null);
      });
    }

    override abort(): void {
      const callbacks = this.waiting;
      this.waiting = undefined;
      super.abort();
      // What the base loader would say of a request it had in flight.
      if (callbacks && this.context) {
        this.stats.aborted = true;
        callbacks.onAbort?.(this.stats, this.context, null);
      }
    }

    override destroy(): void {
      this.waiting = undefined;
      super.destroy();
    }
  };
}
