// Browser side of the media tests: drives the unmodified sora-js-sdk and hls.js and reports
// what happened as plain JSON (Playwright's page.evaluate reads window.harness).
import Sora from '/sora.js';
import Hls from '/hls.mjs';

const connections = new Map();
const videos = new Map();

/** Resolves or rejects like `promise`, but never waits longer than `ms` (the SDK has no working timeout). */
function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms))]);
}

function describeError(error) {
  return { ok: false, name: error?.name, message: error?.message, code: error?.code, reason: error?.reason };
}

function trackVideo(name, video) {
  const state = { frames: 0, video };
  videos.set(name, state);
  const onFrame = () => {
    state.frames += 1;
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  return state;
}

function watchConnection(name, connection) {
  const record = { connection, events: [] };
  connections.set(name, record);
  connection.on('disconnect', (event) =>
    record.events.push({ type: 'disconnect', kind: event.type, title: event.title, code: event.code, reason: event.reason }),
  );
  connection.on('push', (message) => record.events.push({ type: 'push', data: message.data }));
  connection.on('notify', (message) =>
    record.events.push({ type: 'notify', event_type: message.event_type, connection_id: message.connection_id }),
  );
  connection.on('connected', () => record.events.push({ type: 'connected' }));
  return record;
}

window.harness = {
  async publish(name, { soraUrl, channelId, metadata = null, options = {}, urls }) {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480, frameRate: 30 } });
    const sora = Sora.connection(urls ?? soraUrl);
    const connection = sora.sendonly(channelId, metadata, { videoCodecType: 'H264', audioCodecType: 'OPUS', ...options });
    watchConnection(name, connection);
    try {
      await withTimeout(connection.connect(stream), 20000, 'connect');
      return { ok: true, connectionId: connection.connectionId, clientId: connection.clientId };
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      return describeError(error);
    }
  },

  async view(name, { soraUrl, channelId, options = {} }) {
    const sora = Sora.connection(soraUrl);
    const connection = sora.recvonly(channelId, null, options);
    const record = watchConnection(name, connection);
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    document.body.append(video);
    trackVideo(name, video);
    record.streamIds = [];
    connection.on('track', (event) => {
      record.streamIds.push(event.streams[0]?.id);
      if (event.track.kind === 'video') video.srcObject = event.streams[0];
    });
    try {
      await withTimeout(connection.connect(), 20000, 'connect');
      return { ok: true, connectionId: connection.connectionId };
    } catch (error) {
      return describeError(error);
    }
  },

  async disconnect(name) {
    await connections.get(name)?.connection.disconnect();
  },

  events(name) {
    return connections.get(name)?.events ?? [];
  },

  streamIds(name) {
    return connections.get(name)?.streamIds ?? [];
  },

  /** Plays an HLS playlist with hls.js; a playlist that is not there yet (404) is retried. */
  play(name, url, config = {}) {
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    document.body.append(video);
    const state = trackVideo(name, video);
    state.errors = [];
    const retry = { maxNumRetry: 30, retryDelayMs: 250, maxRetryDelayMs: 500, shouldRetry: () => true };
    const hls = new Hls({
      manifestLoadPolicy: { default: { maxTimeToFirstByteMs: 5000, maxLoadTimeMs: 10000, timeoutRetry: retry, errorRetry: retry } },
      ...config,
    });
    state.hls = hls;
    hls.on(Hls.Events.ERROR, (_event, data) => state.errors.push(`${data.type}/${data.details}/${data.fatal}`));
    hls.loadSource(url);
    hls.attachMedia(video);
    video.play().catch(() => undefined);
    return true;
  },

  videoState(name) {
    const state = videos.get(name);
    if (!state) return undefined;
    const { video } = state;
    return {
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      currentTime: video.currentTime,
      frames: state.frames,
      errors: state.errors ?? [],
    };
  },

  stopPlaying(name) {
    const state = videos.get(name);
    state?.hls?.destroy();
  },
};
