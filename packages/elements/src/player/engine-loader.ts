import { choosePlayback } from './choose-playback.js';
import type { EngineEvents, EngineOptions, PlaybackEngine } from './playback-engine.js';

/** hls.js and the engine around it (a chunk of its own), fetched once per page on first use. */
export function loadHlsEngine() {
  return import('./hls-engine.js');
}

/** The engine for the browser's own HLS (a chunk of its own: most browsers play through hls.js and never need it). */
function loadNativeEngine() {
  return import('./native-engine.js');
}

/**
 * Starts fetching the engine the player will use by default: hls.js's wherever Media Source
 * Extensions exist, else the browser's own HLS. Called when `<ifls-player>` is registered: a page
 * that registers the player needs an engine anyway, and fetched with the page's own load it no
 * longer competes, on a slow network, with the first playlist and segment a start waits for. A
 * page that prefers the other way where both exist fetches that one when it starts.
 */
export function prefetchEngine(): void {
  const playback = choosePlayback(document.createElement('video'), undefined);
  // A failure here is the start's to report: it asks again.
  if (playback) (playback === 'mse' ? loadHlsEngine() : loadNativeEngine()).catch(() => {});
}

/** The browser's own HLS engine, once its chunk is in; null when by then it is no longer `wanted`. Rejects when it could not be loaded. */
export async function startNativeEngine(
  video: HTMLVideoElement,
  options: EngineOptions,
  events: EngineEvents,
  wanted: () => boolean,
): Promise<PlaybackEngine | null> {
  const { NativeEngine } = await loadNativeEngine();
  return wanted() ? new NativeEngine(video, options, events) : null;
}
