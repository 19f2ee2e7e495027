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

/**
 * Removes the video codecs named in `names` (and their RTX) from an offer, so that Chromium answers
 * like a browser that lacks them (Firefox without OpenH264 has no H.264).
 */
function withoutVideoCodecs(sdp, names) {
  const wanted = new Set(names.map((codec) => codec.toUpperCase()));
  const sections = sdp.split(/\r\n(?=m=)/);
  return sections
    .map((section) => {
      if (!section.startsWith('m=video')) return section;
      const lines = section.split('\r\n');
      const removed = new Set();
      for (const line of lines) {
        const rtpmap = /^a=rtpmap:(\d+) ([^/]+)/.exec(line);
        if (rtpmap && wanted.has(rtpmap[2].toUpperCase())) removed.add(rtpmap[1]);
      }
      for (const line of lines) {
        const rtx = /^a=fmtp:(\d+) apt=(\d+)/.exec(line);
        if (rtx && removed.has(rtx[2])) removed.add(rtx[1]);
      }
      return lines
        .filter((line) => !removed.has(/^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/.exec(line)?.[1]))
        .map((line) => {
          if (!line.startsWith('m=video')) return line;
          const [media, port, proto, ...formats] = line.split(' ');
          return [media, port, proto, ...formats.filter((format) => !removed.has(format))].join(' ');
        })
        .join('\r\n');
    })
    .join('\r\n');
}

/** How this page answers offers while `publish` connects (see its `refuseCodecs` and `declineVideo`). */
const answering = { refusedVideoCodecs: [], declineVideo: false };
const nativeSetRemoteDescription = RTCPeerConnection.prototype.setRemoteDescription;
RTCPeerConnection.prototype.setRemoteDescription = function (description, ...rest) {
  if (description?.type === 'offer' && answering.refusedVideoCodecs.length > 0) {
    description = { type: 'offer', sdp: withoutVideoCodecs(description.sdp, answering.refusedVideoCodecs) };
  }
  return nativeSetRemoteDescription.call(this, description, ...rest);
};
const nativeCreateAnswer = RTCPeerConnection.prototype.createAnswer;
RTCPeerConnection.prototype.createAnswer = function (...args) {
  // A stopped transceiver is answered with port 0: what Firefox without OpenH264 answers to an
  // offer whose video section has H.264 only. (Stopped here, after sora-js-sdk added its tracks.)
  if (answering.declineVideo) {
    for (const transceiver of this.getTransceivers()) if (transceiver.receiver.track.kind === 'video') transceiver.stop();
  }
  return nativeCreateAnswer.apply(this, args);
};

window.harness = {
  /**
   * Publishes the fake camera and microphone. `tracks` picks what getUserMedia opens;
   * `refuseCodecs` makes this browser answer as if it could not send those video codecs, and
   * `declineVideo` as if it could send none of the offered ones.
   */
  async publish(
    name,
    {
      soraUrl,
      channelId,
      metadata = null,
      options = {},
      urls,
      tracks = { audio: true, video: true },
      refuseCodecs = [],
      declineVideo = false,
    },
  ) {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: tracks.audio,
      video: tracks.video ? { width: 640, height: 480, frameRate: 30 } : false,
    });
    const sora = Sora.connection(urls ?? soraUrl);
    const connection = sora.sendonly(channelId, metadata, { videoCodecType: 'H264', audioCodecType: 'OPUS', ...options });
    watchConnection(name, connection);
    answering.refusedVideoCodecs = refuseCodecs;
    answering.declineVideo = declineVideo;
    try {
      await withTimeout(connection.connect(stream), 20000, 'connect');
      return { ok: true, connectionId: connection.connectionId, clientId: connection.clientId };
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      return describeError(error);
    } finally {
      answering.refusedVideoCodecs = [];
      answering.declineVideo = false;
    }
  },

  /** The codec each kind is being sent with (`video/VP9`…), from the sender's own statistics. */
  async sentCodecs(name) {
    const pc = connections.get(name)?.connection.pc;
    if (!pc) return {};
    const report = await pc.getStats();
    const sent = {};
    report.forEach((stat) => {
      if (stat.type !== 'outbound-rtp' || !stat.codecId || !(stat.packetsSent > 0)) return;
      sent[stat.kind] = report.get(stat.codecId)?.mimeType;
    });
    return sent;
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
      // Chromium's count of audio bytes it decoded: proof that sound is played, not just time passing
      audioDecodedBytes: video.webkitAudioDecodedByteCount ?? 0,
      errors: state.errors ?? [],
    };
  },

  /**
   * Watches the next `count` pictures `name` shows and counts those that differ clearly from the
   * one before. The fake camera moves on every frame, so a smooth stream changes nearly every
   * time; a picture frozen between keyframes (encoders repeat it) hardly ever does.
   */
  motion(name, count = 45) {
    const { video } = videos.get(name);
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 120;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    let previous;
    let seen = 0;
    let changed = 0;
    const watched = new Promise((resolve) => {
      const onFrame = () => {
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        if (previous) {
          let moved = 0;
          for (let index = 0; index < pixels.length; index += 4) {
            const difference = Math.abs(
              pixels[index] + pixels[index + 1] + pixels[index + 2] - previous[index] - previous[index + 1] - previous[index + 2],
            );
            if (difference > 120) moved += 1; // more than coding noise: the picture itself changed
          }
          if (moved >= 8) changed += 1;
        }
        previous = pixels;
        seen += 1;
        if (seen > count) resolve({ pictures: count, changed });
        else video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    });
    return withTimeout(watched, 20000, `${count} pictures of ${name}`);
  },

  stopPlaying(name) {
    const state = videos.get(name);
    state?.hls?.destroy();
  },
};
