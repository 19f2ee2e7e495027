/**
 * <ifls-publisher> refused the camera by the browser itself: a denied permission
 * (`--deny-permission-prompts`) and a page that is not a secure context (an http origin other
 * than localhost). Both need a browser launched and a page served just so, which the shared
 * engines of @web/test-runner are not. Everything else the publisher does without a server
 * (preview, devices, mute, ownership of tracks, errors, language, keyboard, axe, no WebRTC or no
 * getUserMedia) is in publisher-media.browser.test.ts, run in Chromium, Firefox and WebKit.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPublisherPage } from '@ifls/test-support/publisher-fixture.js';

describe('<ifls-publisher> refused media', () => {
  test('a denied permission ends in permission-denied', async () => {
    const browser = await openPublisherPage({ allowMedia: false });
    try {
      const failure = await browser.page.evaluate(async () => {
        document.querySelector('#main')!.innerHTML = '<ifls-publisher></ifls-publisher>';
        const publisher = document.querySelector('ifls-publisher')!;
        const error = new Promise<string>((resolve) => publisher.addEventListener('ifls-error', (event) => resolve(event.code)));
        await publisher.preview();
        return { code: await error, state: publisher.state };
      });
      assert.deepEqual(failure, { code: 'permission-denied', state: 'error' });
      const status = await browser.page.locator('ifls-publisher').getByRole('status').textContent();
      assert.match(status ?? '', /denied/);
    } finally {
      await browser.close();
    }
  });

  test('a page served without https ends in insecure-context, from preview() and start(), with no WebSocket', async () => {
    // Plain http on any host but localhost is not a secure context: the browser offers no camera.
    const browser = await openPublisherPage({ args: ['--host-resolver-rules=MAP publisher.test 127.0.0.1'], host: 'publisher.test' });
    try {
      const sockets: string[] = [];
      browser.page.on('websocket', (socket) => sockets.push(socket.url()));
      const failure = await browser.page.evaluate(tryBothCalls, 'ws://127.0.0.1:9/signaling');
      assert.deepEqual(failure, {
        secure: false,
        events: ['error', 'insecure-context', 'insecure-context'],
        state: 'error',
        cameraCalls: 0,
      });
      assert.match((await browser.page.locator('ifls-publisher').getByRole('status').textContent()) ?? '', /secure \(https\) page/);
      assert.deepEqual(sockets, []);
    } finally {
      await browser.close();
    }
  });
});

/**
 * In the page: a publisher with a channel set calls preview(), then start(); says what it heard
 * (states, then error codes) and how often the camera was asked for.
 */
async function tryBothCalls(soraUrl: string) {
  let cameraCalls = 0;
  const getUserMedia = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
  if (getUserMedia) {
    navigator.mediaDevices.getUserMedia = (constraints) => {
      cameraCalls += 1;
      return getUserMedia(constraints);
    };
  }
  document.querySelector('#main')!.innerHTML = `<ifls-publisher sora-url="${soraUrl}" channel-id="no-traffic"></ifls-publisher>`;
  const publisher = document.querySelector('ifls-publisher')!;
  const events: string[] = [];
  publisher.addEventListener('ifls-state-change', (event) => events.push(event.state));
  publisher.addEventListener('ifls-error', (event) => events.push(event.recoverable ? `${event.code} (recoverable)` : event.code));
  await publisher.preview();
  await publisher.start();
  await publisher.updateComplete;
  return { secure: isSecureContext, events, state: publisher.state, cameraCalls };
}
