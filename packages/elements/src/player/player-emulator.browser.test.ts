/**
 * `<ifls-player>` against the emulator, in every engine: a channel made through the API, a
 * broadcaster publishing the fake camera with sora-js-sdk over real WebRTC (from a Chromium of the
 * test runner's), HLS made by the emulator's ffmpeg. Where a test needs to see segment timing or
 * cut the network, a relay (`LiveHls` with `upstream`) serves the emulator's HLS.
 */
import { expect } from '@open-wc/testing';
import { sleep } from '../test/browser/engine.js';
import { emulator, LiveHls, releaseFixtures, type Channel } from '../test/browser/fixtures.js';
import { mediaSourceCount, PlayerProbe } from '../test/browser/player-probe.js';

function createChannel(): Promise<Channel> {
  return emulator.createChannel([
    {
      durationSeconds: 1,
      startTimeOffset: -2,
      video: { width: 640, height: 480, fps: 30, bps: 1_000_000 },
      audio: { bps: 64_000 },
    },
  ]);
}

describe('<ifls-player> on a channel of the emulator', () => {
  let probe: PlayerProbe | undefined;
  let broadcast: { stop(): Promise<void> } | undefined;
  afterEach(async () => {
    probe?.remove();
    probe = undefined;
    await broadcast?.stop();
    broadcast = undefined;
  });
  after(releaseFixtures);

  it("starts at the channel's startTimeOffset from the live edge, within 0.5 s, and plays on after an outage", async () => {
    const channel = await createChannel();
    broadcast = await emulator.publish(channel);
    await emulator.waitForSegments(channel.playlist_url, 4);
    const relay = await LiveHls.start({ upstream: channel.playlist_url });
    await relay.waitForSightings(3);
    probe = PlayerProbe.mount({ src: relay.playlistUrl, autoplay: true, muted: true });
    await probe.waitForState('playing');
    const distance = await probe.startDistance(relay);
    expect(Math.abs(distance - 2), `started ${distance.toFixed(3)} s from the live edge, the channel says 2`).to.be.at.most(0.5);
    expect(probe.stats.at(-1)!.targetLatency, "the channel's offset is the target").to.equal(2);
    await probe.waitForProgress(2);

    // The same stream cut off for 5 s: the player reconnects and plays on.
    await relay.setFault('refuse');
    await probe.waitForState('reconnecting', 15_000);
    await sleep(5000);
    await relay.setFault('none');
    await probe.waitForState('playing', 30_000);
    await probe.waitForProgress(2);
  });

  it('waits for a channel nobody publishes to yet, and plays when the broadcast starts', async () => {
    const channel = await createChannel();
    probe = PlayerProbe.mount({ autoplay: true, muted: true });
    probe.player.channel = channel;
    await probe.waitForState('waiting');
    broadcast = await emulator.publish(channel);
    await probe.waitForState('playing', 60_000);
    await probe.waitForProgress(2);
    expect([probe.video.videoWidth, probe.video.videoHeight]).to.deep.equal([640, 480]);
  });

  it('ends when the channel is deleted', async () => {
    const channel = await createChannel();
    broadcast = await emulator.publish(channel);
    await emulator.waitForSegments(channel.playlist_url, 4);
    probe = PlayerProbe.mount({ src: channel.playlist_url, autoplay: true, muted: true });
    await probe.waitForState('playing');
    await emulator.deleteChannel(channel.channel_id);
    await probe.waitForState('ended', 30_000);
    expect(mediaSourceCount().open, 'MediaSources not closed').to.equal(0);
  });
});
