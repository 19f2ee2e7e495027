/**
 * `<ifls-player>` against the emulator: a channel made through the API, a broadcaster publishing
 * the fake camera with sora-js-sdk over real WebRTC, HLS made by the emulator's ffmpeg. Where a
 * test needs to see segment timing or cut the network, `LiveHlsServer` relays the emulator's HLS.
 */
import { ImageFluxClient } from '@ifls/api';
import { startEmulator, type RunningEmulator } from '@ifls/emulator';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
// The tag map, for document.querySelector('ifls-player') in page functions.
import type {} from '../define/ifls-player.js';
import { LiveHlsServer } from '../test/fixtures/live-hls-server.js';
import {
  playerRecord,
  startDistance,
  startPlayerTestBed,
  waitForProgress,
  waitForState,
  type PlayerTestBed,
} from '../test/fixtures/player-page.js';
import { publish, waitForSegments, type Broadcast, type Channel } from '../test/fixtures/sora-publisher.js';

const timeout = 120_000;
let bed: PlayerTestBed;
let emulator: RunningEmulator;
let client: ImageFluxClient;

before(async () => {
  [bed, emulator] = await Promise.all([startPlayerTestBed(), startEmulator()]);
  client = new ImageFluxClient({ accessToken: emulator.tokens[0]!, endpoint: emulator.url });
});
after(async () => {
  await bed?.close();
  await emulator?.close();
});

function createChannel(): Promise<Channel> {
  return client.createChannel({
    hls: [
      {
        durationSeconds: 1,
        startTimeOffset: -2,
        video: { width: 640, height: 480, fps: 30, bps: 1_000_000 },
        audio: { bps: 64_000 },
      },
    ],
  });
}

describe('a channel of the emulator', () => {
  let broadcast: Broadcast | undefined;
  let relay: LiveHlsServer | undefined;
  after(async () => {
    await broadcast?.stop();
    await relay?.close();
  });

  test("starts at the channel's startTimeOffset from the live edge, within 0.5 s", { timeout }, async () => {
    const channel = await createChannel();
    broadcast = await publish(bed.browser, bed.server, channel);
    await waitForSegments(channel.playlist_url, 4);
    relay = await LiveHlsServer.start({ upstream: channel.playlist_url });
    await relay.waitForSightings(3);
    const page = await bed.open({ attributes: { src: relay.playlistUrl, autoplay: true } });
    await waitForState(page, 'playing');
    const distance = await startDistance(page, relay);
    assert.ok(Math.abs(distance - 2) <= 0.5, `started ${distance.toFixed(3)} s from the live edge, the channel says 2`);
    await waitForProgress(page, 2);

    // The same stream cut off for 5 s: the player reconnects and plays on.
    relay.fault = 'refuse';
    await waitForState(page, 'reconnecting', 15_000);
    await page.waitForTimeout(5000);
    relay.fault = 'none';
    await waitForState(page, 'playing', 30_000);
    await waitForProgress(page, 2);
    await page.close();
    await relay.close();
    relay = undefined;
    await broadcast.stop();
    broadcast = undefined;
  });

  test('waits for a channel nobody publishes to yet, and plays when the broadcast starts', { timeout }, async () => {
    const channel = await createChannel();
    const page = await bed.open({ attributes: { autoplay: true } });
    await page.evaluate((channel) => {
      document.querySelector('ifls-player')!.channel = channel;
    }, channel);
    await waitForState(page, 'waiting');
    broadcast = await publish(bed.browser, bed.server, channel);
    await waitForState(page, 'playing', 60_000);
    await waitForProgress(page, 2);
    await page.close();
    await broadcast.stop();
    broadcast = undefined;
  });

  test('ends when the channel is deleted', { timeout }, async () => {
    const channel = await createChannel();
    broadcast = await publish(bed.browser, bed.server, channel);
    await waitForSegments(channel.playlist_url, 4);
    const page = await bed.open({ attributes: { src: channel.playlist_url, autoplay: true } });
    await waitForState(page, 'playing');
    await client.deleteChannel(channel.channel_id);
    await waitForState(page, 'ended', 30_000);
    assert.equal((await playerRecord(page)).openMediaSources, 0);
    await page.close();
    await broadcast.stop();
    broadcast = undefined;
  });
});
