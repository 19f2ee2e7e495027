/**
 * `<ifls-player>` in headless Chromium against live HLS made on the spot by ffmpeg
 * (`LiveHlsServer`): start offset, waiting, reconnecting, ending, teardown, CSP, accessibility.
 * The same behaviours against the emulator are in `player-emulator.test.ts`.
 */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { after, before, describe, test } from 'node:test';
// The tag map, for document.querySelector('ifls-player') in page functions.
import type {} from '../define/ifls-player.js';
import type { Page } from 'playwright-core';
import { LiveHlsServer } from '../test/fixtures/live-hls-server.js';
import {
  latestDistance,
  playerRecord,
  requestsOf,
  startDistance,
  startPlayerTestBed,
  videoFacts,
  waitForProgress,
  waitForState,
  type PlayerTestBed,
} from '../test/fixtures/player-page.js';

const timeout = 90_000;
let bed: PlayerTestBed;

before(async () => {
  bed = await startPlayerTestBed();
});
after(async () => {
  await bed?.close();
});

describe('a live stream', () => {
  let live: LiveHlsServer;
  before(async () => {
    live = await LiveHlsServer.start({ startTimeOffset: -4 });
    await live.broadcast();
  });
  after(() => live?.close());

  test('starts at start-time-offset from the live edge, within 0.5 s, and holds it', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true, 'start-time-offset': '-2' } });
    await waitForState(page, 'playing');
    const start = await startDistance(page, live);
    assert.ok(Math.abs(start - 2) <= 0.5, `started ${start.toFixed(3)} s from the live edge, asked for 2`);
    const facts = await videoFacts(page);
    assert.deepEqual([facts.width, facts.height], [320, 240]);
    // Within seconds the player knows when segments come out, and plays a little faster or slower to hold 2 s.
    await page.waitForTimeout(10_000);
    const held = await latestDistance(page, live);
    assert.ok(Math.abs(held - 2) <= 0.2, `${held.toFixed(3)} s from the live edge after 10 s, asked for 2`);
    assert.equal((await playerRecord(page)).stats.at(-1)!.stalls, 0);
    await page.close();
  });

  test("without start-time-offset, starts at the playlist's EXT-X-START", { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true } });
    await waitForState(page, 'playing');
    const distance = await startDistance(page, live);
    assert.ok(Math.abs(distance - 4) <= 0.5, `started ${distance.toFixed(3)} s from the live edge, the playlist says 4`);
    await page.close();
  });

  test('reports latency, bitrate, buffer and stalls in ifls-stats', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true, 'start-time-offset': '-2' } });
    const event = await page.evaluate(
      () =>
        new Promise<Record<string, unknown>>((resolve) => {
          document.addEventListener('ifls-stats', (event) => resolve({ ...event.stats }), { once: true });
        }),
    );
    assert.equal(typeof event.latency, 'number');
    assert.equal(event.targetLatency, 2);
    assert.equal(typeof event.buffer, 'number');
    assert.equal(event.stalls, 0);
    assert.equal(event.width, 320);
    await page.close();
  });

  test('goes back to live after a pause, from the live badge', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true, controls: true, 'start-time-offset': '-2' } });
    await waitForState(page, 'playing');
    await page.evaluate(() => document.querySelector('ifls-player')!.pause());
    await waitForState(page, 'paused');
    await page.waitForTimeout(4000);
    await page.evaluate(() => document.querySelector('ifls-player')!.play());
    await waitForState(page, 'playing');
    await waitForProgress(page, 1);
    const latency = await page.evaluate(() => document.querySelector('ifls-player')!.latency!);
    assert.ok(latency < 3.5, `latency ${latency} s after play(): back near the 2 s asked for`);

    // Fall behind again (less than the 3 s beyond which hls.js jumps back by itself), then press the badge.
    await page.evaluate(() => document.querySelector('ifls-player')!.pause());
    await page.waitForTimeout(2500);
    await page.evaluate(() => void document.querySelector('ifls-player')!.video!.play());
    await waitForState(page, 'playing');
    const badge = page.locator('ifls-player [part~="live-badge"]');
    await page.waitForFunction(() => document.querySelector('ifls-player')!.shadowRoot!.querySelector('.behind'));
    assert.match((await badge.textContent())!, /go live/i);
    await badge.click();
    await waitForProgress(page, 1);
    const after = await page.evaluate(() => document.querySelector('ifls-player')!.latency!);
    assert.ok(after < 3.5, `latency ${after} s after "go live"`);
    await page.close();
  });

  test('moving the element in the document does not restart playback', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true } });
    await waitForState(page, 'playing');
    await waitForProgress(page, 1);
    const before = await videoFacts(page);
    await page.evaluate(() => {
      const box = document.createElement('section');
      document.body.append(box);
      box.append(document.querySelector('ifls-player')!);
    });
    await waitForProgress(page, 1);
    const record = await playerRecord(page);
    const facts = await videoFacts(page);
    assert.equal(facts.state, 'playing');
    assert.ok(facts.currentTime > before.currentTime, 'playback went on');
    assert.equal(record.mediaSources, 1, 'no second MediaSource: playback was not restarted');
    assert.ok(!record.states.includes('idle'), `states: ${record.states.join(' → ')}`);
    await page.close();
  });

  test('50 mount/unmount cycles leave no MediaSource open and no loading behind', { timeout: 180_000 }, async () => {
    const page = await bed.open({ attributes: {} });
    await page.waitForFunction(() => customElements.get('ifls-player'));
    for (let cycle = 0; cycle < 50; cycle++) {
      // Remove at every stage: looking at the playlist, loading hls.js, starting the engine,
      // buffering, playing (every third cycle waits for that).
      const delay: number | 'playing' = cycle % 3 === 0 ? 'playing' : (cycle * 37) % 300;
      await page.evaluate(
        ({ src, delay }) =>
          new Promise<void>((resolve) => {
            const player = document.createElement('ifls-player');
            player.setAttribute('src', src);
            player.setAttribute('autoplay', '');
            document.body.append(player);
            const remove = () => {
              player.remove();
              resolve();
            };
            if (typeof delay === 'number') return void setTimeout(remove, delay);
            player.addEventListener('ifls-state-change', () => {
              if (player.getAttribute('state') === 'playing') remove();
            });
          }),
        { src: live.playlistUrl, delay },
      );
    }
    await page.waitForTimeout(500);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.waitForTimeout(3000);
    const record = await playerRecord(page);
    assert.ok(record.mediaSources >= 16, `${record.mediaSources} MediaSources were made`);
    assert.equal(record.openMediaSources, 0, 'every MediaSource is closed');
    assert.deepEqual(requests, [], 'nothing loads any more (no hls.js instance, timer or poll left)');
    await page.close();
  });

  test('plays on a page with a strict Content-Security-Policy', { timeout }, async () => {
    const csp = [
      "default-src 'none'",
      "script-src 'self'",
      "worker-src 'self'",
      `connect-src ${live.origin}`,
      "media-src 'self' blob:",
      "style-src 'self'",
    ].join('; ');
    for (const workerPath of [undefined, '/repo/node_modules/hls.js/dist/hls.worker.js']) {
      const page = await bed.open({
        attributes: { src: live.playlistUrl, autoplay: true, controls: true, ...(workerPath ? { 'worker-path': workerPath } : {}) },
        headers: { 'content-security-policy': csp },
      });
      const workerLoaded = page.waitForRequest((request) => request.url().endsWith('hls.worker.js'), { timeout: 20_000 });
      await waitForState(page, 'playing');
      await waitForProgress(page, 1);
      if (workerPath) await workerLoaded;
      else workerLoaded.catch(() => {});
      assert.deepEqual((await playerRecord(page)).violations, []);
      await page.close();
    }
  });

  test('fetches hls.js only where it plays through MSE', { timeout }, async () => {
    const chunks = bed.lazyFiles.map((file) => basename(file));
    assert.ok(chunks.length > 0, 'hls.js is a chunk of its own');
    const fetched = (page: Page) => requestsOf(page).map((url) => basename(new URL(url).pathname));

    const mse = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true } });
    await waitForState(mse, 'playing');
    const mseFetched = fetched(mse);
    assert.ok(chunks.every((name) => mseFetched.includes(name)), `MSE fetched ${mseFetched.join(', ')}`);
    await mse.close();

    // Chromium answers "maybe" for HLS of its own: prefer-playback="native" takes it at its word.
    const native = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true, 'prefer-playback': 'native' } });
    await native.waitForFunction(() => document.querySelector('ifls-player')!.video!.src !== '');
    await native.waitForTimeout(2000);
    const nativeFetched = fetched(native);
    assert.ok(!chunks.some((name) => nativeFetched.includes(name)), `native fetched ${nativeFetched.join(', ')}`);
    await native.close();
  });
});

describe('a stream that has not started', () => {
  let live: LiveHlsServer;
  before(async () => {
    live = await LiveHlsServer.start({ startTimeOffset: -2 });
  });
  after(() => live?.close());

  test('waits through 404s, saying so, and starts by itself when the broadcast begins', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true } });
    await waitForState(page, 'waiting');
    const message = page.locator('ifls-player [part~="message"]');
    assert.match((await message.textContent())!, /not started/);
    assert.deepEqual(
      (await playerRecord(page)).errors.map((error) => [error.code, error.recoverable]),
      [['not-found', true]],
    );
    await page.waitForTimeout(3000);
    await live.broadcast();
    await waitForState(page, 'playing', 30_000);
    await waitForProgress(page, 1);
    await page.close();
    await live.end();
  });

  test('speaks Japanese where the page is in Japanese, and lets the page replace the message', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: `${live.origin}/live/none.m3u8` }, lang: 'ja' });
    await waitForState(page, 'waiting');
    assert.match((await page.locator('ifls-player [part~="message"]').textContent())!, /配信はまだ始まっていません/);
    await page.evaluate(() => {
      const custom = document.createElement('p');
      custom.slot = 'waiting';
      custom.textContent = 'Back at 9';
      document.querySelector('ifls-player')!.append(custom);
    });
    assert.equal(await page.locator('ifls-player [slot="waiting"]').isVisible(), true);
    await page.close();
  });
});

describe('the end of a broadcast', () => {
  let live: LiveHlsServer;
  before(async () => {
    live = await LiveHlsServer.start({ startTimeOffset: -2 });
  });
  after(() => live?.close());

  test('EXT-X-ENDLIST ends playback', { timeout }, async () => {
    await live.broadcast();
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true } });
    await waitForState(page, 'playing');
    await live.end();
    await waitForState(page, 'ended');
    assert.match((await page.locator('ifls-player [part~="message"]').textContent())!, /ended/);
    assert.equal((await playerRecord(page)).openMediaSources, 0);
    await page.close();
  });

  test('a deleted playlist (404) ends playback', { timeout }, async () => {
    await live.broadcast();
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true } });
    await waitForState(page, 'playing');
    live.fault = 'not-found';
    await waitForState(page, 'ended');
    live.fault = 'none';
    await page.close();
  });

  test('with wait-for-next, the next broadcast on the same playlist plays', { timeout }, async () => {
    await live.broadcast();
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true, 'wait-for-next': true } });
    await waitForState(page, 'playing');
    await live.end();
    await waitForState(page, 'waiting');
    await page.waitForTimeout(2000);
    await live.broadcast();
    await waitForState(page, 'playing', 40_000);
    await waitForProgress(page, 1);
    assert.deepEqual((await playerRecord(page)).states.slice(-4), ['ended', 'waiting', 'loading', 'playing']);
    await page.close();
  });
});

describe('network failures', () => {
  let live: LiveHlsServer;
  before(async () => {
    live = await LiveHlsServer.start({ startTimeOffset: -2 });
    await live.broadcast();
  });
  after(() => live?.close());

  test('resumes after the stream is unreachable for 5 s, showing reconnecting meanwhile', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true } });
    await waitForState(page, 'playing');
    await waitForProgress(page, 1);
    live.fault = 'refuse';
    await waitForState(page, 'reconnecting', 15_000);
    assert.match((await page.locator('ifls-player [part~="message"]').textContent())!, /Reconnecting/);
    await page.waitForTimeout(5000);
    live.fault = 'none';
    await waitForState(page, 'playing', 30_000);
    await waitForProgress(page, 2);
    const record = await playerRecord(page);
    assert.ok(record.errors.some((error) => error.code === 'network' && error.recoverable));
    const latency = await page.evaluate(() => document.querySelector('ifls-player')!.latency!);
    assert.ok(latency < 6, `latency ${latency} s after recovering: back near the live edge`);
    await page.close();
  });
});
