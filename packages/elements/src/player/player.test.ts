/**
 * `<ifls-player>` in a page of its own in headless Chromium, bundled as an application would
 * bundle it (hls.js in its own chunk), against live HLS made on the spot by ffmpeg
 * (`LiveHlsServer`): what needs control of the page itself, its response headers (a strict
 * Content-Security-Policy) and its network log (which chunks it fetches). The player's behaviour,
 * in every engine, is in the `*.browser.test.ts` files beside this one.
 */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { after, before, describe, test } from 'node:test';
// The tag map, for document.querySelector('ifls-player') in page functions.
import type {} from '../define/ifls-player.js';
import type { Page } from 'playwright-core';
import { LiveHlsServer } from '../test/fixtures/live-hls-server.js';
import {
  playerRecord,
  requestsOf,
  startPlayerTestBed,
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

describe('a page of its own', () => {
  let live: LiveHlsServer;
  before(async () => {
    live = await LiveHlsServer.start({ startTimeOffset: -4 });
    await live.broadcast();
  });
  after(() => live?.close());

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

  test(
    'fetches the engine it will use as the element is registered: hls.js where the browser has MSE, the native one where it has not',
    { timeout },
    async () => {
      const chunks = bed.lazyFiles.map((file) => basename(file));
      const hlsChunk = chunks.find((name) => name.startsWith('hls-engine'));
      const nativeChunk = chunks.find((name) => name.startsWith('native-engine'));
      assert.ok(hlsChunk && nativeChunk, `hls.js and the native engine are chunks of their own (${chunks.join(', ')})`);
      const fetched = (page: Page, from = 0) =>
        requestsOf(page)
          .slice(from)
          .map((url) => basename(new URL(url).pathname));

      const mse = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true } });
      await waitForState(mse, 'playing');
      const mseFetched = fetched(mse);
      assert.ok(mseFetched.includes(hlsChunk) && !mseFetched.includes(nativeChunk), `MSE fetched ${mseFetched.join(', ')}`);
      await mse.close();

      // Chromium answers "maybe" for HLS of its own: prefer-playback="native" takes it at its word.
      // Registered where MSE is the default, the element fetched hls.js before it knew the page's
      // preference; it plays native HLS, through no MediaSource, with the engine it fetched on start.
      const native = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true, 'prefer-playback': 'native' } });
      await native.waitForFunction(() => document.querySelector('ifls-player')!.video!.src !== '');
      assert.equal((await playerRecord(native)).openMediaSources, 0, 'no MediaSource for native HLS');
      assert.ok(fetched(native).includes(nativeChunk), `preferring native fetched ${fetched(native).join(', ')}`);

      // A browser without MSE (an iPhone before iOS 17.1): the same page, without MediaSource.
      await native.context().addInitScript(() => {
        delete (globalThis as { MediaSource?: unknown }).MediaSource;
        delete (globalThis as { ManagedMediaSource?: unknown }).ManagedMediaSource;
      });
      const before = requestsOf(native).length;
      await native.reload();
      await native.waitForFunction(() => document.querySelector('ifls-player')!.video!.src !== '');
      await native.waitForTimeout(2000);
      const nativeFetched = fetched(native, before);
      assert.ok(
        nativeFetched.some((name) => name.endsWith('.m3u8')),
        `plays native HLS: fetched ${nativeFetched.join(', ')}`,
      );
      assert.ok(
        nativeFetched.includes(nativeChunk) && !nativeFetched.includes(hlsChunk),
        `without MSE fetched ${nativeFetched.join(', ')}`,
      );
      await native.close();
    },
  );
});
