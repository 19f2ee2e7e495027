export type Playback = 'mse' | 'native';

export type PlaybackPreference = Playback | undefined;

/** What hls.js needs of Media Source Extensions for the streams ImageFlux makes (H.264 + AAC). */
const h264Aac = 'video/mp4; codecs="avc1.42E01E,mp4a.40.2"';

/**
 * Media Source Extensions (through hls.js) wherever they exist, so that the start offset, catch-up
 * and recovery behave the same everywhere; the browser's own HLS where they don't (iPhones before
 * iOS 17.1) or where the page prefers it. `canPlayType` alone is no guide: desktop Chromium answers
 * "maybe", but its own HLS starts a live playlist at its oldest segment and cannot seek. Undefined
 * when neither way can play.
 */
export function choosePlayback(video: HTMLVideoElement, preference: PlaybackPreference): Playback | undefined {
  const native = video.canPlayType('application/vnd.apple.mpegurl') !== '';
  const mse = globalThis.MediaSource?.isTypeSupported(h264Aac) === true;
  // Safari's power-friendly variant (iOS 17.1+): used only where plain MSE is missing.
  const managed = (globalThis as { ManagedMediaSource?: typeof MediaSource }).ManagedMediaSource?.isTypeSupported(h264Aac) === true;
  if (preference === 'native' && native) return 'native';
  if (mse) return 'mse';
  if (preference === 'mse' && managed) return 'mse';
  if (native) return 'native';
  return managed ? 'mse' : undefined;
}
