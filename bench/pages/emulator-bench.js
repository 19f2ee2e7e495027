// The emulator benchmark's page: publishes a time-code canvas with the unmodified sora-js-sdk and
// plays the channel back with hls.js at its defaults, measuring glass-to-glass from the pixels.
import Sora from '/sora.js';
import Hls from '/hls.mjs';
import { measureVideoLatency, timecodeStream } from '/timecode.js';

const publishers = new Map();
let player;

window.bench = {
  async publish(name, soraUrl, channelId) {
    const source = timecodeStream({ width: 640, height: 480, fps: 30 });
    const connection = Sora.connection(soraUrl).sendonly(channelId, null, { videoCodecType: 'H264', audioCodecType: 'OPUS' });
    publishers.set(name, { connection, source });
    await connection.connect(source.stream);
    return { connectedAt: Date.now(), connectionId: connection.connectionId };
  },

  async unpublish(name) {
    const publisher = publishers.get(name);
    if (!publisher) return;
    publishers.delete(name);
    await publisher.connection.disconnect();
    publisher.source.stop();
  },

  play(url) {
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    document.body.append(video);
    const hls = new Hls();
    const samples = [];
    const stopMeasuring = measureVideoLatency(video, (latency) => samples.push(latency));
    hls.loadSource(url);
    hls.attachMedia(video);
    video.play().catch(() => undefined);
    player = { hls, samples, stopMeasuring, video };
    return true;
  },

  /** Latency samples so far (ms), and clears them. */
  takeSamples() {
    const samples = player ? player.samples.splice(0) : [];
    return { samples, currentTime: player?.video.currentTime ?? 0 };
  },

  stopPlaying() {
    player?.stopMeasuring();
    player?.hls.destroy();
    player = undefined;
  },
};
