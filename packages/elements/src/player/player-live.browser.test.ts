/**
 * `<ifls-player>` in every engine (through Media Source Extensions and hls.js) against live HLS
 * made on the spot by ffmpeg: the start offset from the attribute and from `EXT-X-START`, holding
 * it, `ifls-stats`, going back to live, moving the element, and 50 mounts and removals.
 */
import { expect } from '@open-wc/testing';
import { LiveHls, releaseFixtures } from '../test/browser/fixtures.js';
import { mediaSourceCount, PlayerProbe } from '../test/browser/player-probe.js';
import { sleep, waitUntil } from '../test/browser/engine.js';
import { click } from '../test/browser/user.js';

describe('<ifls-player> on a live stream', () => {
  let live: LiveHls;
  let probe: PlayerProbe | undefined;
  before(async () => {
    live = await LiveHls.start({ startTimeOffset: -4 });
    await live.broadcast();
  });
  afterEach(() => probe?.remove());
  after(releaseFixtures);

  // The start lands in the segment that holds the target (1 s segments here); holding it is the sharp check.
  it('starts at start-time-offset from the live edge, within a segment, and holds it', async () => {
    probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true, 'start-time-offset': '-2' });
    await probe.waitForState('playing');
    const start = await probe.startDistance(live);
    expect(Math.abs(start - 2), `started ${start.toFixed(3)} s from the live edge, asked for 2`).to.be.at.most(1);
    expect([probe.video.videoWidth, probe.video.videoHeight]).to.deep.equal([320, 240]);
    // Within seconds the player knows when segments come out, and steers to hold 2 s.
    await sleep(10_000);
    const held = await probe.latestDistance(live);
    expect(Math.abs(held - 2), `${held.toFixed(3)} s from the live edge after 10 s, asked for 2`).to.be.at.most(0.2);
    expect(probe.stats.at(-1)!.stalls).to.equal(0);
    expect(probe.states.at(-1), 'still playing').to.equal('playing');
  });

  it("without start-time-offset, starts at the playlist's EXT-X-START", async () => {
    probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true });
    await probe.waitForState('playing');
    const distance = await probe.startDistance(live);
    expect(Math.abs(distance - 4), `started ${distance.toFixed(3)} s from the live edge, the playlist says 4`).to.be.at.most(1);
  });

  it('reports latency, bitrate, buffer and stalls in ifls-stats', async () => {
    probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true, 'start-time-offset': '-2' });
    await waitUntil(() => probe!.stats.length > 0, 'a first ifls-stats');
    const first = probe.stats[0]!;
    expect(first.latency).to.be.a('number');
    expect(first.targetLatency).to.equal(2);
    expect(first.buffer).to.be.a('number');
    expect(first.stalls).to.equal(0);
    expect(first.width).to.equal(320);
  });

  it('goes back to live after a pause, and from the live badge', async () => {
    probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true, controls: true, 'start-time-offset': '-2' });
    const { player } = probe;
    await probe.waitForState('playing');
    player.pause();
    await probe.waitForState('paused');
    await sleep(4000);
    player.play();
    await probe.waitForState('playing');
    await probe.waitForProgress(1);
    expect(player.latency, 'latency after play(): back near the 2 s asked for').to.be.below(3.5);

    // Fall behind again (less than the 3 s beyond which hls.js jumps back by itself), then press the badge.
    player.pause();
    await probe.waitForState('paused');
    await sleep(2500);
    void probe.video.play();
    await probe.waitForState('playing');
    await waitUntil(() => probe!.part('live-badge')?.classList.contains('behind') === true, 'the badge says the player is behind');
    const badge = probe.part('live-badge')!;
    expect(badge.textContent).to.match(/go live/i);
    await click(badge);
    await probe.waitForProgress(1);
    expect(player.latency, 'latency after "go live"').to.be.below(3.5);
    await waitUntil(() => probe!.part('live-badge')?.classList.contains('live') === true, 'the badge says live again');
  });

  it('moving the element in the document does not restart playback', async () => {
    probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true });
    await probe.waitForState('playing');
    await probe.waitForProgress(1);
    const before = probe.video.currentTime;
    const box = document.createElement('section');
    document.body.append(box);
    box.append(probe.player);
    await probe.waitForProgress(1);
    box.remove();
    expect(probe.state).to.equal('playing');
    expect(probe.video.currentTime, 'playback went on').to.be.above(before);
    expect(probe.mediaSourcesMade, 'no second MediaSource: playback was not restarted').to.equal(1);
    expect(probe.states, `states: ${probe.states.join(' → ')}`).not.to.include('idle');
  });

  it('50 mounts and removals leave no MediaSource open and nothing loading', async function () {
    this.timeout(240_000);
    const before = mediaSourceCount().made;
    for (let cycle = 0; cycle < 50; cycle++) {
      // Remove at every stage: looking at the playlist, loading hls.js, starting the engine,
      // buffering, playing (every third cycle waits for that).
      const player = document.createElement('ifls-player');
      player.setAttribute('src', live.playlistUrl);
      player.setAttribute('autoplay', '');
      player.muted = true;
      document.body.append(player);
      if (cycle % 3 === 0) await waitUntil(() => player.getAttribute('state') === 'playing', `cycle ${cycle} plays`);
      else await sleep((cycle * 37) % 300);
      player.remove();
    }
    await sleep(500);
    // Every request the page makes from now on (fetch, XHR, media) ends up as a resource timing entry.
    const requests: string[] = [];
    const observer = new PerformanceObserver((list) => requests.push(...list.getEntries().map((entry) => entry.name)));
    observer.observe({ type: 'resource' });
    await sleep(3000);
    observer.disconnect();
    const { made, open } = mediaSourceCount();
    expect(made - before, 'MediaSources made').to.be.at.least(16);
    expect(open, 'MediaSources not closed').to.equal(0);
    expect(requests, 'nothing loads any more (no hls.js instance, timer or poll left)').to.deep.equal([]);
  });
});
