/**
 * What a viewer does with `<ifls-player>`'s controls, by keyboard and pointer, and what a screen
 * reader finds: axe-core on every screen, the muted-autoplay fallback, the quality menu.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
// The tag map, for document.querySelector('ifls-player') in page functions.
import type {} from '../define/ifls-player.js';
import type { Page } from 'playwright-core';
import { LiveHlsServer } from '../test/fixtures/live-hls-server.js';
import {
  playerRecord,
  startPlayerTestBed,
  videoFacts,
  waitForProgress,
  waitForState,
  type PlayerTestBed,
} from '../test/fixtures/player-page.js';

const timeout = 90_000;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's violations inside the player (its shadow root included). */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Element): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document.querySelector('ifls-player')!);
    return result.violations;
  });
  return violations.map((violation) => `${violation.id}: ${violation.help} (${JSON.stringify(violation.nodes.map((node) => node.target))})`);
}

describe('controls', () => {
  let bed: PlayerTestBed;
  let live: LiveHlsServer;
  before(async () => {
    [bed, live] = await Promise.all([startPlayerTestBed(), LiveHlsServer.start({ startTimeOffset: -2, variants: true })]);
    await live.broadcast();
  });
  after(async () => {
    await bed?.close();
    await live?.close();
  });

  test('axe finds no violations, playing and waiting, in English and Japanese', { timeout }, async () => {
    for (const lang of ['en', 'ja']) {
      const playing = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true, controls: true }, lang });
      await waitForState(playing, 'playing');
      await playing.waitForSelector('ifls-player [part~="quality"]');
      assert.deepEqual(await accessibilityViolations(playing), []);
      await playing.close();

      const waiting = await bed.open({ attributes: { src: `${live.origin}/live/none.m3u8`, controls: true }, lang });
      await waitForState(waiting, 'waiting');
      assert.deepEqual(await accessibilityViolations(waiting), []);
      await waiting.close();
    }
  });

  test('every control is reachable and usable by keyboard, and labelled', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true, controls: true } });
    await waitForState(page, 'playing');
    const focused = () =>
      page.evaluate(() => {
        const active = document.querySelector('ifls-player')!.shadowRoot!.activeElement;
        return active ? `${active.getAttribute('part')}|${active.getAttribute('aria-label') ?? active.textContent!.trim()}` : '';
      });
    const stops: string[] = [];
    for (let stop = 0; stop < 8; stop++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    assert.deepEqual(stops.slice(0, 4), ['play-button|Pause', 'mute-button|Mute', 'volume|Volume', 'live-badge|Live']);
    assert.ok(stops.includes('quality|Quality'), stops.join(', '));
    assert.ok(stops.some((stop) => stop.startsWith('fullscreen-button|')), stops.join(', '));

    await page.keyboard.press('Shift+Tab');
    while (!(await focused()).startsWith('play-button')) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await waitForState(page, 'paused');
    assert.equal(await focused(), 'play-button|Play');
    await page.keyboard.press('Space');
    await waitForState(page, 'playing');
    await page.close();
  });

  test('without autoplay, waits for the viewer, then plays from the large play button', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl } });
    await waitForState(page, 'paused');
    assert.equal((await playerRecord(page)).mediaSources, 0, 'no media is loaded before play');
    await page.locator('ifls-player [part~="play-button"]').click();
    await waitForState(page, 'playing');
    await waitForProgress(page, 1);
    await page.close();
  });

  test('the quality menu switches renditions', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true, controls: true } });
    await waitForState(page, 'playing');
    const menu = page.locator('ifls-player [part~="quality"]');
    assert.deepEqual(await menu.locator('option').allTextContents().then((texts) => texts.map((text) => text.trim())), [
      'Auto',
      '240p',
      '120p',
    ]);
    await menu.selectOption({ label: '120p' });
    await page.waitForFunction(() => document.querySelector('ifls-player')!.video!.videoHeight === 120, undefined, {
      timeout: 20_000,
    });
    await menu.selectOption({ label: '240p' });
    await page.waitForFunction(() => document.querySelector('ifls-player')!.video!.videoHeight === 240, undefined, {
      timeout: 20_000,
    });
    await page.close();
  });
});

/**
 * A browser that refuses to play with sound until the viewer has interacted: play() rejects with
 * NotAllowedError unless muted. Chromium's own policy switch cannot be relied on here: it lets an
 * element that has no audio track yet (a MediaSource just attached) autoplay with sound.
 */
const refuseSound = `
  const play = HTMLMediaElement.prototype.play;
  let activated = false;
  addEventListener('pointerdown', () => (activated = true), true);
  HTMLMediaElement.prototype.play = function () {
    if (this.muted || activated) return play.call(this);
    return Promise.reject(new DOMException('play() needs a gesture for sound', 'NotAllowedError'));
  };
`;

describe('autoplay where the browser wants a gesture for sound', () => {
  let bed: PlayerTestBed;
  let live: LiveHlsServer;
  before(async () => {
    [bed, live] = await Promise.all([startPlayerTestBed(), LiveHlsServer.start({ startTimeOffset: -2 })]);
    await live.broadcast();
  });
  after(async () => {
    await bed?.close();
    await live?.close();
  });

  test('plays muted and offers to unmute', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true }, initScript: refuseSound });
    await waitForState(page, 'playing');
    await waitForProgress(page, 1);
    assert.equal((await videoFacts(page)).muted, true);
    assert.deepEqual(
      (await playerRecord(page)).errors.map((error) => [error.code, error.recoverable]),
      [['autoplay-blocked', true]],
    );
    const unmute = page.locator('ifls-player [part~="unmute-button"]');
    assert.equal(await unmute.isVisible(), true);
    await unmute.click();
    await page.waitForFunction(() => !document.querySelector('ifls-player')!.video!.muted);
    assert.equal(await unmute.count(), 0, 'the unmute button is gone');
    assert.equal((await videoFacts(page)).state, 'playing');
    await page.close();
  });

  test('where even muted autoplay is refused, waits paused for the viewer to press play', { timeout }, async () => {
    const refuseAll = refuseSound.replace('this.muted || activated', 'activated');
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true }, initScript: refuseAll });
    await waitForState(page, 'paused');
    assert.deepEqual(
      (await playerRecord(page)).errors.map((error) => [error.code, error.recoverable]),
      [['autoplay-blocked', false]],
    );
    assert.equal((await videoFacts(page)).muted, false, 'no muted playback left behind');
    await page.locator('ifls-player [part~="play-button"]').click();
    await waitForState(page, 'playing');
    await waitForProgress(page, 1);
    await page.close();
  });

  test('with muted, autoplays without asking', { timeout }, async () => {
    const page = await bed.open({ attributes: { src: live.playlistUrl, autoplay: true, muted: true }, initScript: refuseSound });
    await waitForState(page, 'playing');
    assert.deepEqual((await playerRecord(page)).errors, []);
    assert.equal(await page.locator('ifls-player [part~="unmute-button"]').count(), 0);
    await page.close();
  });
});
