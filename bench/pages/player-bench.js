// The player benchmark's page: starts one player on a live stream and records, in
// window.benchResult, when it was connected, when its first frame was shown, how often it
// stalled and (with ?g2g) glass-to-glass latency read from the time code in the pixels, how many
// frames it presented, and how many frames read had no readable time code. The same page runs in
// Chromium, Firefox and WebKitGTK.
// ?player=ifls-player|hls-video-element|hls.js  &module=<URL of its bundle>  &src=<playlist>
import { measureVideoLatency } from './timecode.js';

const params = new URLSearchParams(location.search);
const kind = params.get('player');
const src = params.get('src');
const loaded = await import(params.get('module'));

const result = { connectedAt: 0, firstFrameAt: undefined, stalls: 0, samples: [], unreadable: 0, presentedFrames: 0 };
window.benchResult = result;

result.connectedAt = performance.now();
const video = await startPlayer();
video.requestVideoFrameCallback(() => {
  result.firstFrameAt = performance.now();
  if (params.has('g2g')) {
    measureVideoLatency(
      video,
      (latency) => result.samples.push(latency),
      () => (result.unreadable += 1),
    );
  }
});
// Frames presented for composition, as the engine counts them (requestVideoFrameCallback's
// metadata): a callback can cover several frames, so this is not the number of callbacks. Summed
// across a restart of the count (a new media source).
if (params.has('g2g')) {
  let lastPresented = 0;
  const countPresented = (_now, metadata) => {
    const presented = metadata.presentedFrames;
    result.presentedFrames += presented >= lastPresented ? presented - lastPresented : presented;
    lastPresented = presented;
    video.requestVideoFrameCallback(countPresented);
  };
  video.requestVideoFrameCallback(countPresented);
}
video.addEventListener('waiting', () => {
  if (result.firstFrameAt !== undefined && !video.seeking) result.stalls += 1;
});

/** Each player the way its documentation shows, muted so that autoplay is never the question. */
async function startPlayer() {
  if (kind === 'ifls-player') {
    const player = document.createElement('ifls-player');
    player.setAttribute('autoplay', '');
    player.setAttribute('muted', '');
    player.setAttribute('src', src);
    document.body.append(player);
    await player.updateComplete;
    return player.video;
  }
  if (kind === 'hls-video-element') {
    const player = document.createElement('hls-video');
    player.setAttribute('autoplay', '');
    player.setAttribute('muted', '');
    player.setAttribute('src', src);
    document.body.append(player);
    return player.nativeEl;
  }
  const Hls = loaded.default;
  const element = document.createElement('video');
  element.muted = true;
  document.body.append(element);
  const hls = new Hls();
  hls.loadSource(src);
  hls.attachMedia(element);
  element.play().catch(() => undefined);
  return element;
}
