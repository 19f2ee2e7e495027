import { choosePlayback } from './choose-playback.js';

/** hls.js and the engine around it (a chunk of its own), fetched once per page on first use. */
export function loadHlsEngine() {
  return import('./hls-engine.js');
}

/**
 * Starts fetching the hls.js chunk now, where the player will play through Media Source Extensions
 * (the default wherever they exist). Called when `<ifls-player>` is registered: a page that
 * registers the player needs hls.js anyway, and fetched with the page's own load it no longer
 * competes, on a slow network, with the first playlist and segment a start waits for. Where the
 * browser has no MediaSource (native HLS only) nothing is fetched; a page that prefers native
 * playback where both exist pays for a chunk it does not run.
 */
export function prefetchHlsEngine(): void {
  // A failure here is the start's to report: it asks again.
  if (choosePlayback(document.createElement('video'), undefined) === 'mse') loadHlsEngine().catch(() => {});
}
