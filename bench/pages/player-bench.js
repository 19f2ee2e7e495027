// The player benchmark's page: starts one player on a live stream and records, in
// window.benchResult, when it was connected, when its first frame was shown, how often and how
// long it stalled and (with ?g2g) glass-to-glass latency read from the time code in the pixels, how
// many frames it presented, and how many frames read had no readable time code. The same page runs
// in Chromium, Firefox and WebKitGTK.
// ?player=ifls-player|hls-video-element|hls.js  &module=<URL of its bundle>  &src=<playlist>
// &g2g      read the time code of every frame shown
// &hold     load everything, then wait for window.benchStart() before giving the player its stream,
//           so that the bench can start a network schedule (a drop) at a known moment of the start
//           (result.readyAt: when the page's scripts had run)
// &buffered keep the most seconds the video element held buffered (result.bufferedMax), sampled
//           every second: a player whose back buffer is not trimmed shows here over a long run
import { measureVideoLatency } from './timecode.js';

const params = new URLSearchParams(location.search);
const kind = params.get('player');
const src = params.get('src');
const loaded = await import(params.get('module'));

const result = {
  connectedAt: 0,
  readyAt: undefined,
  firstFrameAt: undefined,
  // A stall: 'waiting' outside a seek, after the first frame, until 'playing'. Further 'waiting'
  // events before 'playing' belong to the same stall. stallMs sums the stalls that ended;
  // stalledSince is when the current one began (undefined while playing), so that a stall still
  // open at the end of a window counts up to that moment.
  stalls: 0,
  stallMs: 0,
  stalledSince: undefined,
  samples: [],
  unreadable: 0,
  presentedFrames: 0,
  bufferedMax: 0,
};
window.benchResult = result;

if (params.has('hold')) {
  // Loaded (this module and the player's bundle evaluated); requests of its own may still be on
  // the wire (the bench waits for those too, bench/page-requests.ts).
  result.readyAt = performance.now();
  await new Promise((resolve) => (window.benchStart = resolve));
}

result.connectedAt = performance.now();
const video = await startPlayer();
// For the bench's checks that playback went on (its currentTime), not for measuring.
window.benchVideo = video;
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
  if (result.firstFrameAt === undefined || video.seeking || result.stalledSince !== undefined) return;
  result.stalls += 1;
  result.stalledSince = performance.now();
});
video.addEventListener('playing', () => {
  if (result.stalledSince === undefined) return;
  result.stallMs += performance.now() - result.stalledSince;
  result.stalledSince = undefined;
});
if (params.has('buffered')) {
  setInterval(() => {
    let seconds = 0;
    for (let index = 0; index < video.buffered.length; index += 1) seconds += video.buffered.end(index) - video.buffered.start(index);
    result.bufferedMax = Math.max(result.bufferedMax, seconds);
  }, 1000);
}

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
