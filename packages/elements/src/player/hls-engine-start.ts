import { prefetchFirstSegment } from './first-segment.js';
import { loadHlsEngine } from './engine-loader.js';
import type { EngineEvents, EngineOptions, PlaybackEngine } from './playback-engine.js';

/**
 * hls.js's engine, once its chunk is in (on its way since the element was registered, wherever
 * MSE is the default; where the page chose MSE against that default, it comes now). Null when, by
 * then, the engine is no longer `wanted`: one attaches to the video as it is made. Rejects when
 * hls.js could not be loaded.
 */
export async function startHlsEngine(
  video: HTMLVideoElement,
  options: EngineOptions,
  events: EngineEvents,
  signal: AbortSignal,
  wanted: () => boolean,
): Promise<PlaybackEngine | null> {
  // The first segment comes while hls.js does: the first frame waits for the longer of the two.
  const look = options.firstLook;
  if (look) options.firstSegment = prefetchFirstSegment(look, options.url, options.startTimeOffset, signal);
  const module = await loadHlsEngine();
  return wanted() ? new module.HlsEngine(video, options, events) : null;
}
