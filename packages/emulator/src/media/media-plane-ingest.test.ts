/**
 * What browsers send becomes HLS: VP8 and VP9 broadcasts (Firefox offers no H.264), a browser
 * that names no codec but cannot send H.264, and broadcasts with audio only. Real emulator, real
 * Chromium running the unmodified sora-js-sdk and hls.js, real ffmpeg. Every check is what a
 * viewer gets: a playlist hls.js plays, at the channel's size, with frames or sound advancing.
 * No timing is asserted; timeouts only keep a broken run from hanging.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { HlsEntry } from '@ifls/api';
import { WebSocket } from 'ws';
import { findFfmpeg } from './find-ffmpeg.js';
import { startMediaFixture, waitFor, type MediaFixture } from '../test/media-fixture.js';
import { defaultHlsEntry } from '../test/hls-entries.js';
import { describeNoChildrenLeft } from '../test/children-left.js';
import type { HarnessGlobal, HarnessResult, HarnessVideoState } from '@ifls/test-support/media-harness-api.js';

interface Channel {
  channel_id: string;
  sora_url: string;
  playlist_url: string;
}

const TEST_TIMEOUT = { timeout: 120_000 };
/** hls.js needs a few segments before it plays; ffmpeg is slower when other suites share the cores. */
const PLAY_TIMEOUT_MS = 45_000;

let fixture: MediaFixture;
let broadcasterPage: Page;
let viewerPage: Page;
let scratch: string;

function createChannel(hls: HlsEntry[] = [defaultHlsEntry]): Promise<Channel> {
  return fixture.client.createChannel({ hls });
}

function publish(name: string, channel: Channel, extra: Record<string, unknown> = {}): Promise<HarnessResult> {
  return broadcasterPage.evaluate(([name, options]) => (globalThis as unknown as HarnessGlobal).harness.publish(name, options), [
    name,
    { soraUrl: channel.sora_url, channelId: channel.channel_id, ...extra },
  ] as const);
}

async function disconnect(name: string): Promise<void> {
  await broadcasterPage.evaluate((name) => (globalThis as unknown as HarnessGlobal).harness.disconnect(name), name);
}

/** The codecs the broadcaster's browser sends (`video/vp9`…), once packets of `kind` went out. */
function sentCodecs(name: string, kind: 'audio' | 'video'): Promise<{ audio?: string; video?: string }> {
  return waitFor(`${kind} sent by ${name}`, async () => {
    const sent = await broadcasterPage.evaluate((name) => (globalThis as unknown as HarnessGlobal).harness.sentCodecs(name), name);
    return sent[kind] ? { audio: sent.audio?.toLowerCase(), video: sent.video?.toLowerCase() } : undefined;
  });
}

function videoState(name: string): Promise<HarnessVideoState> {
  return viewerPage.evaluate((name) => (globalThis as unknown as HarnessGlobal).harness.videoState(name)!, name);
}

/** The playlist at `url` once it lists `segments` segments (a master playlist: once it answers). */
async function fetchPlaylist(url: string, segments = 0): Promise<string> {
  return waitFor(
    `playlist ${url} with ${segments} segments`,
    async () => {
      const response = await fetch(url);
      const text = response.status === 200 ? await response.text() : undefined;
      return text !== undefined && segmentsOf(text).length >= segments ? text : undefined;
    },
    PLAY_TIMEOUT_MS,
  );
}

/**
 * The loudest sample of the second segment. The fake microphone beeps a few times a second, so
 * any whole segment holds a beep; the first may begin before the sound does.
 */
async function secondSegmentVolume(playlistUrl: string): Promise<number> {
  const playlist = await fetchPlaylist(playlistUrl, 2);
  return (await inspectSegment(new URL(segmentsOf(playlist)[1]!, playlistUrl).href)).maxVolumeDb;
}

/**
 * Plays `url` with hls.js until pictures of `width`×`height` advance, and checks that the picture
 * moves like the camera does (not frozen between keyframes); stops playing whatever happens.
 */
async function assertPlaysVideo(name: string, url: string, width: number, height: number): Promise<void> {
  await viewerPage.evaluate(([name, url]) => (globalThis as unknown as HarnessGlobal).harness.play(name, url), [name, url] as const);
  try {
    const playing = await waitFor(
      `${name}: hls.js playing`,
      async () => {
        const state = await videoState(name);
        return state.currentTime > 1 && state.frames > 20 ? state : undefined;
      },
      PLAY_TIMEOUT_MS,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; player state ${JSON.stringify(await videoState(name))}`);
    });
    assert.equal(playing.videoWidth, width);
    assert.equal(playing.videoHeight, height);
    await waitFor(
      `${name}: frames advancing`,
      async () => {
        const state = await videoState(name);
        return state.currentTime > playing.currentTime + 1 && state.frames > playing.frames + 20;
      },
      PLAY_TIMEOUT_MS,
    );
    const motion = await viewerPage.evaluate((name) => (globalThis as unknown as HarnessGlobal).harness.motion(name, 45), name);
    assert.ok(motion.changed >= motion.pictures * 0.6, `the picture moves: ${motion.changed} of ${motion.pictures} pictures changed`);
  } finally {
    await viewerPage.evaluate((name) => (globalThis as unknown as HarnessGlobal).harness.stopPlaying(name), name);
  }
}

/** Plays `url` with hls.js until its time advances with sound decoded and no picture. */
async function assertPlaysAudioOnly(name: string, url: string): Promise<void> {
  await viewerPage.evaluate(([name, url]) => (globalThis as unknown as HarnessGlobal).harness.play(name, url), [name, url] as const);
  try {
    const playing = await waitFor(
      `${name}: hls.js playing sound`,
      async () => {
        const state = await videoState(name);
        return state.currentTime > 1 && state.audioDecodedBytes > 0 ? state : undefined;
      },
      PLAY_TIMEOUT_MS,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; player state ${JSON.stringify(await videoState(name))}`);
    });
    await waitFor(
      `${name}: sound advancing`,
      async () => {
        const state = await videoState(name);
        return state.currentTime > playing.currentTime + 1 && state.audioDecodedBytes > playing.audioDecodedBytes;
      },
      PLAY_TIMEOUT_MS,
    );
    const state = await videoState(name);
    assert.deepEqual([state.videoWidth, state.videoHeight], [0, 0], 'no picture');
    assert.deepEqual(
      state.errors.filter((error) => error.endsWith('/true')),
      [],
      'no fatal hls.js error',
    );
  } finally {
    await viewerPage.evaluate((name) => (globalThis as unknown as HarnessGlobal).harness.stopPlaying(name), name);
  }
}

interface SegmentFacts {
  /** As `video/h264`, `audio/aac`. */
  streams: string[];
  /** Whether the first picture decoded is a keyframe (undefined without video). */
  startsWithKeyframe: boolean | undefined;
  /** The loudest sample (volumedetect); -Infinity for silence or no audio. */
  maxVolumeDb: number;
}

/** What ffmpeg finds in a segment. */
async function inspectSegment(url: string): Promise<SegmentFacts> {
  const file = join(scratch, `segment-${Date.now()}.ts`);
  writeFileSync(file, Buffer.from(await (await fetch(url)).arrayBuffer()));
  const stderr = await new Promise<string>((resolve, reject) => {
    // execFile kills ffmpeg on timeout: nothing is left running if it hangs
    const args = ['-hide_banner', '-nostdin', '-i', file, '-vf', 'showinfo', '-af', 'volumedetect', '-f', 'null', '-'];
    execFile(findFfmpeg(undefined)!, args, { timeout: 30_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stderr),
    );
  });
  const input = stderr.slice(stderr.indexOf('Input #0'), stderr.indexOf('Stream mapping'));
  const streams = [...input.matchAll(/Stream #0:\d+[^:]*: (Audio|Video): (\w+)/g)].map((match) => `${match[1]!.toLowerCase()}/${match[2]}`);
  const maxVolume = /max_volume: (-?[\d.]+|-inf) dB/.exec(stderr)?.[1];
  const firstPicture = /Parsed_showinfo.* n: *0 .* iskey:(\d)/.exec(stderr)?.[1];
  return {
    streams,
    startsWithKeyframe: firstPicture === undefined ? undefined : firstPicture === '1',
    maxVolumeDb: maxVolume === undefined || maxVolume === '-inf' ? -Infinity : Number(maxVolume),
  };
}

function segmentsOf(playlist: string): string[] {
  return playlist.split('\n').filter((line) => line.endsWith('.ts'));
}

/** Opens a signaling socket, sends `connect`, and resolves with how the server closed it. */
function closeForConnect(soraUrl: string, message: Record<string, unknown>): Promise<{ code: number; reason: string; messages: string[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(soraUrl);
    const messages: string[] = [];
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connect', role: 'sendonly', sdp: 'v=0', audio: true, ...message })));
    socket.on('message', (data) => messages.push(data.toString()));
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString(), messages }));
    socket.on('error', reject);
  });
}

describe('ingest: what browsers send becomes HLS', () => {
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'ifls-ingest-test-'));
    fixture = await startMediaFixture();
    broadcasterPage = await fixture.newPage();
    viewerPage = await fixture.newPage();
  });

  after(async () => {
    await fixture?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  for (const codec of ['H264', 'VP8', 'VP9'] as const) {
    test(`a ${codec} broadcast becomes HLS that hls.js plays at the channel's size`, TEST_TIMEOUT, async () => {
      const channel = await createChannel();
      const published = await publish(codec, channel, { options: { videoCodecType: codec } });
      assert.ok(published.ok, JSON.stringify(published));
      try {
        assert.equal((await sentCodecs(codec, 'video')).video, `video/${codec.toLowerCase()}`, 'the browser sends what it asked for');
        const playlist = await fetchPlaylist(channel.playlist_url, 1);
        assert.match(playlist, /#EXT-X-MEDIA-SEQUENCE:0\n/, 'the first segment is listed');
        const first = await inspectSegment(new URL(segmentsOf(playlist)[0]!, channel.playlist_url).href);
        assert.deepEqual(first.streams, ['video/h264', 'audio/aac']);
        assert.equal(first.startsWithKeyframe, true, 'the first segment starts with a keyframe');
        const volume = await secondSegmentVolume(channel.playlist_url);
        assert.ok(volume > -40, `the fake microphone's beep is in the HLS (max ${volume} dB)`);
        await assertPlaysVideo(`hls-${codec}`, channel.playlist_url, 640, 480);
      } finally {
        await disconnect(codec);
        await fixture.client.deleteChannel(channel.channel_id);
      }
    });
  }

  for (const [refused, expected] of [
    [['H264'], 'VP8'],
    [['H264', 'VP8'], 'VP9'],
  ] as const) {
    test(
      `a broadcaster that names no codec and cannot send ${refused.join(' or ')} sends ${expected}, and it becomes HLS`,
      TEST_TIMEOUT,
      async () => {
        const channel = await createChannel();
        const name = `any-${expected}`;
        const published = await publish(name, channel, { options: { videoCodecType: undefined }, refuseCodecs: refused });
        assert.ok(published.ok, JSON.stringify(published));
        try {
          assert.equal((await sentCodecs(name, 'video')).video, `video/${expected.toLowerCase()}`);
          await assertPlaysVideo(`hls-${name}`, channel.playlist_url, 640, 480);
        } finally {
          await disconnect(name);
          await fixture.client.deleteChannel(channel.channel_id);
        }
      },
    );
  }

  test('a broadcast with video: false makes audio-only HLS; the master playlist declares only AAC', TEST_TIMEOUT, async () => {
    const channel = await createChannel([
      defaultHlsEntry,
      { ...defaultHlsEntry, video: { width: 320, height: 240, fps: 15, bps: 300_000 }, audio: { bps: 32_000 } },
    ]);
    const published = await publish('no-video', channel, {
      tracks: { audio: true, video: false },
      options: { video: false, videoCodecType: undefined },
    });
    assert.ok(published.ok, JSON.stringify(published));
    try {
      const master = await fetchPlaylist(channel.playlist_url);
      const variants = master.split('\n').filter((line) => line.startsWith('#EXT-X-STREAM-INF:'));
      assert.equal(variants.length, 2, master);
      for (const variant of variants) {
        assert.match(variant, /CODECS="mp4a\.40\.2"/);
        assert.doesNotMatch(variant, /RESOLUTION|FRAME-RATE|avc1/);
      }
      const variantUrl = new URL('v1.m3u8', channel.playlist_url).href;
      const media = await fetchPlaylist(variantUrl, 1);
      const segment = await inspectSegment(new URL(segmentsOf(media)[0]!, channel.playlist_url).href);
      assert.deepEqual(segment.streams, ['audio/aac']);
      const volume = await secondSegmentVolume(variantUrl);
      assert.ok(volume > -40, `the fake microphone's beep is in the HLS (max ${volume} dB)`);
      await assertPlaysAudioOnly('hls-no-video', channel.playlist_url);
    } finally {
      await disconnect('no-video');
      await fixture.client.deleteChannel(channel.channel_id);
    }
  });

  test('a stream with only an audio track (video not declined in connect) makes audio-only HLS', TEST_TIMEOUT, async () => {
    const channel = await createChannel();
    const published = await publish('mic-only', channel, { tracks: { audio: true, video: false } });
    assert.ok(published.ok, JSON.stringify(published));
    try {
      const playlist = await fetchPlaylist(channel.playlist_url, 1);
      const segment = await inspectSegment(new URL(segmentsOf(playlist)[0]!, channel.playlist_url).href);
      assert.deepEqual(segment.streams, ['audio/aac']);
      const volume = await secondSegmentVolume(channel.playlist_url);
      assert.ok(volume > -40, `the fake microphone's beep is in the HLS (max ${volume} dB)`);
      await assertPlaysAudioOnly('hls-mic-only', channel.playlist_url);
    } finally {
      await disconnect('mic-only');
      await fixture.client.deleteChannel(channel.channel_id);
    }
  });

  test(
    'a browser that declines the video it was offered (Firefox without OpenH264 asking for H.264) makes audio-only HLS',
    TEST_TIMEOUT,
    async () => {
      const channel = await createChannel();
      const published = await publish('declined', channel, { declineVideo: true });
      assert.ok(published.ok, JSON.stringify(published));
      try {
        const playlist = await fetchPlaylist(channel.playlist_url);
        assert.deepEqual(await sentCodecs('declined', 'audio'), { audio: 'audio/opus', video: undefined }, 'the browser sends audio only');
        const segment = await inspectSegment(new URL(segmentsOf(playlist)[0]!, channel.playlist_url).href);
        assert.deepEqual(segment.streams, ['audio/aac']);
        await assertPlaysAudioOnly('hls-declined', channel.playlist_url);
        assert.ok(
          fixture.logLines.some((line) => line.includes(channel.channel_id) && line.includes('sends no video')),
          'the log says why there is no picture',
        );
      } finally {
        await disconnect('declined');
        await fixture.client.deleteChannel(channel.channel_id);
      }
    },
  );

  test('AV1 and H.265 broadcasts are refused before the offer with 4007; so is a broadcaster sending nothing', TEST_TIMEOUT, async () => {
    const channel = await createChannel();
    for (const codec of ['AV1', 'H265']) {
      const closed = await closeForConnect(channel.sora_url, { channel_id: channel.channel_id, video: { codec_type: codec } });
      assert.deepEqual([closed.code, closed.reason, closed.messages], [4007, `UNSUPPORTED-VIDEO-CODEC: ${codec}`, []]);
    }
    const nothing = await closeForConnect(channel.sora_url, { channel_id: channel.channel_id, audio: false, video: false });
    assert.equal(nothing.code, 4002);
    assert.match(nothing.reason, /^INVALID-CONNECT-MESSAGE: a broadcaster must send audio or video/);
    await fixture.client.deleteChannel(channel.channel_id);
  });
});

describeNoChildrenLeft('after the ingest suite');
