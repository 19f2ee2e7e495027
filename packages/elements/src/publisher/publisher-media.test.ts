/**
 * <ifls-publisher> without a server: camera, preview, devices, ownership of tracks, errors,
 * accessibility. Real Chromium with fake capture devices.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPublisherPage, previewIsMoving, waitForState, type PublisherPage } from '../test/publisher-fixture.js';

describe('<ifls-publisher> media', () => {
  let browser: PublisherPage;

  before(async () => {
    browser = await openPublisherPage();
  });

  after(async () => {
    await browser?.close();
  });

  /** A fresh element in `#main`, every earlier one removed. */
  async function mount(attributes = ''): Promise<void> {
    await browser.page.evaluate((attributes) => {
      document.querySelectorAll('ifls-publisher').forEach((element) => element.remove());
      document.querySelector('#main')!.innerHTML = `<ifls-publisher ${attributes}></ifls-publisher>`;
    }, attributes);
  }

  test('preview() shows the moving camera and stop() turns it off', async () => {
    const { page } = browser;
    await mount();
    await waitForState(page, 'idle');
    await page.evaluate(() => document.querySelector('ifls-publisher')!.preview());
    await waitForState(page, 'previewing');
    assert.ok(await previewIsMoving(page), 'the preview presents new frames');

    const readyStates = await page.evaluate(async () => {
      const publisher = document.querySelector('ifls-publisher')!;
      const tracks = publisher.localStream!.getTracks();
      const before = tracks.map((track) => `${track.kind}:${track.readyState}`);
      await publisher.stop();
      return { before, after: tracks.map((track) => `${track.kind}:${track.readyState}`), state: publisher.state };
    });
    assert.deepEqual(readyStates.before.sort(), ['audio:live', 'video:live']);
    assert.deepEqual(readyStates.after.sort(), ['audio:ended', 'video:ended']);
    assert.equal(readyStates.state, 'idle');
  });

  test('lists both fake cameras and switches the preview to the one picked', async () => {
    const { page } = browser;
    await mount();
    await page.locator('ifls-publisher').getByRole('button', { name: 'Preview' }).click();
    await waitForState(page, 'previewing');
    const picker = page.locator('ifls-publisher').getByRole('combobox', { name: 'Camera' });
    await picker.waitFor();
    const options = await picker.locator('option').allTextContents();
    assert.deepEqual(options.map((text) => text.trim()), ['fake_device_0', 'fake_device_1']);

    await picker.selectOption({ label: 'fake_device_1' });
    await page.waitForFunction(() => {
      const publisher = document.querySelector('ifls-publisher')!;
      return publisher.localStream?.getVideoTracks()[0]?.label === 'fake_device_1';
    });
    const previewLabel = await page.evaluate(() => {
      const video = document.querySelector('ifls-publisher')!.shadowRoot!.querySelector('video')!;
      return (video.srcObject as MediaStream).getVideoTracks()[0]!.label;
    });
    assert.equal(previewLabel, 'fake_device_1');
    assert.ok(await previewIsMoving(page));
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('a camera that cannot be opened is reported and the preview keeps the one in use', async () => {
    const { page } = browser;
    await mount();
    await page.evaluate(() => document.querySelector('ifls-publisher')!.preview());
    await waitForState(page, 'previewing');
    const result = await page.evaluate(async () => {
      const publisher = document.querySelector('ifls-publisher')!;
      const reported = new Promise<{ code: string; recoverable: boolean }>((resolve) =>
        publisher.addEventListener('ifls-error', (event) => resolve({ code: event.code, recoverable: event.recoverable })),
      );
      publisher.cameraId = 'no-such-camera';
      return { ...(await reported), state: publisher.state, camera: publisher.localStream!.getVideoTracks()[0]!.readyState };
    });
    assert.deepEqual(result, { code: 'overconstrained', recoverable: true, state: 'previewing', camera: 'live' });
    assert.ok(await previewIsMoving(page));
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('the camera and microphone buttons mute and unmute the tracks', async () => {
    const { page } = browser;
    await mount();
    await page.evaluate(() => document.querySelector('ifls-publisher')!.preview());
    await waitForState(page, 'previewing');
    const cameraButton = page.locator('ifls-publisher').getByRole('button', { name: 'Camera' });
    const microphoneButton = page.locator('ifls-publisher').getByRole('button', { name: 'Microphone' });
    await cameraButton.click();
    await microphoneButton.click();
    const muted = await page.evaluate(() => {
      const publisher = document.querySelector('ifls-publisher')!;
      return {
        attributes: [publisher.hasAttribute('video-muted'), publisher.hasAttribute('audio-muted')],
        enabled: publisher.localStream!.getTracks().map((track) => track.enabled),
      };
    });
    assert.deepEqual(muted, { attributes: [true, true], enabled: [false, false] });
    assert.equal(await cameraButton.getAttribute('aria-pressed'), 'false');

    await cameraButton.click();
    const videoEnabled = await page.evaluate(() => document.querySelector('ifls-publisher')!.localStream!.getVideoTracks()[0]!.enabled);
    assert.equal(videoEnabled, true);
    assert.equal(await cameraButton.getAttribute('aria-pressed'), 'true');
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('moving the element keeps the preview; removing it stops every track', async () => {
    const { page } = browser;
    await mount();
    await page.evaluate(() => document.querySelector('ifls-publisher')!.preview());
    await waitForState(page, 'previewing');
    const result = await page.evaluate(async () => {
      const publisher = document.querySelector('ifls-publisher')!;
      const tracks = publisher.localStream!.getTracks();
      document.querySelector('#aside')!.append(publisher);
      await new Promise((resolve) => setTimeout(resolve, 0));
      const afterMove = { state: publisher.state, tracks: tracks.map((track) => track.readyState) };
      publisher.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { afterMove, afterRemove: { state: publisher.state, tracks: tracks.map((track) => track.readyState) } };
    });
    assert.deepEqual(result.afterMove, { state: 'previewing', tracks: ['live', 'live'] });
    assert.deepEqual(result.afterRemove, { state: 'idle', tracks: ['ended', 'ended'] });
  });

  test('no live track is left after 20 mount/unmount cycles, removals racing the camera included', async () => {
    const { page } = browser;
    const leftover = await page.evaluate(async () => {
      // Record every track the page gets, to look at all of them at the end.
      const tracks: MediaStreamTrack[] = [];
      const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await getUserMedia(constraints);
        tracks.push(...stream.getTracks());
        return stream;
      };
      try {
        for (let cycle = 0; cycle < 20; cycle++) {
          const publisher = document.createElement('ifls-publisher');
          document.querySelector('#main')!.append(publisher);
          const previewing = publisher.preview();
          // Even cycles leave while the camera is still opening; odd ones once it shows.
          if (cycle % 2 === 1) await previewing;
          publisher.remove();
          await previewing;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        navigator.mediaDevices.getUserMedia = getUserMedia;
      }
      return { opened: tracks.length, live: tracks.filter((track) => track.readyState === 'live').length };
    });
    assert.ok(leftover.opened >= 20, `tracks were opened (${leftover.opened})`);
    assert.equal(leftover.live, 0);
  });

  test('a page stream is previewed and sent as clones: the page keeps its own track', async () => {
    const { page } = browser;
    await mount();
    const result = await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 180;
      const context = canvas.getContext('2d')!;
      let hue = 0;
      const timer = setInterval(() => {
        context.fillStyle = `hsl(${(hue += 10)} 80% 50%)`;
        context.fillRect(0, 0, 320, 180);
      }, 33);
      const pageStream = canvas.captureStream(30);
      const publisher = document.querySelector('ifls-publisher')!;
      publisher.stream = pageStream;
      await publisher.preview();
      const canvasLabel = pageStream.getVideoTracks()[0]!.label;
      const sent = publisher.localStream!.getTracks().map((track) => `${track.kind}:${track.label === canvasLabel ? 'canvas' : 'device'}`);
      (window as unknown as { stopCanvas: () => void }).stopCanvas = () => clearInterval(timer);
      return { sent: sent.sort(), isClone: publisher.localStream!.getVideoTracks()[0] !== pageStream.getVideoTracks()[0] };
    });
    // The canvas has no audio, so the microphone is used beside it.
    assert.deepEqual(result, { sent: ['audio:device', 'video:canvas'], isClone: true });
    assert.ok(await previewIsMoving(page));
    const pageTrack = await page.evaluate(async () => {
      const publisher = document.querySelector('ifls-publisher')!;
      const pageStream = publisher.stream!;
      await publisher.stop();
      (window as unknown as { stopCanvas: () => void }).stopCanvas();
      return pageStream.getVideoTracks()[0]!.readyState;
    });
    assert.equal(pageTrack, 'live');
  });

  test('start() without a channel fails with no-channel', async () => {
    const { page } = browser;
    await mount();
    const failure = await page.evaluate(async () => {
      const publisher = document.querySelector('ifls-publisher')!;
      const error = new Promise<{ code: string; recoverable: boolean }>((resolve) =>
        publisher.addEventListener('ifls-error', (event) => resolve({ code: event.code, recoverable: event.recoverable })),
      );
      await publisher.start();
      return { ...(await error), state: publisher.state, camera: publisher.localStream };
    });
    assert.deepEqual(failure, { code: 'no-channel', recoverable: false, state: 'error', camera: null });
  });

  test('speaks Japanese inside lang="ja"', async () => {
    const { page } = browser;
    await page.evaluate(() => {
      document.querySelector('#main')!.innerHTML = '<div lang="ja"><ifls-publisher></ifls-publisher></div>';
    });
    const publisher = page.locator('ifls-publisher');
    await publisher.getByRole('button', { name: '配信開始' }).waitFor();
    await publisher.getByRole('button', { name: 'プレビュー' }).click();
    await waitForState(page, 'previewing');
    assert.equal(await publisher.getByRole('status').textContent(), 'プレビュー中（未配信）');
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('is operable by keyboard and axe finds no violations', async () => {
    const { page, server } = browser;
    await mount();
    await page.addScriptTag({ url: `${server.url}/repo/node_modules/axe-core/axe.min.js` });
    const audit = () =>
      page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Element): Promise<{ violations: { id: string; help: string }[] }> } }).axe;
        const results = await axe.run(document.querySelector('ifls-publisher')!);
        return results.violations.map((violation) => `${violation.id}: ${violation.help}`);
      });
    assert.deepEqual(await audit(), [], 'idle');

    // Tab into the element and press Enter on its first control: the preview button.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.querySelector('ifls-publisher')!.shadowRoot!.activeElement?.getAttribute('part'));
    assert.equal(focused, 'preview-button');
    await page.keyboard.press('Enter');
    await waitForState(page, 'previewing');
    await page.locator('ifls-publisher').getByRole('combobox', { name: 'Camera' }).waitFor();
    assert.deepEqual(await audit(), [], 'previewing');
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });
});

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

describe('<ifls-publisher> in a browser that cannot broadcast', () => {
  test('without RTCPeerConnection (WebKitGTK as Debian builds it): unsupported, no camera, no WebSocket', async () => {
    const browser = await openPublisherPage({ initScript: 'delete window.RTCPeerConnection; delete window.webkitRTCPeerConnection;' });
    try {
      const { page } = browser;
      const sockets: string[] = [];
      page.on('websocket', (socket) => sockets.push(socket.url()));
      const failure = await page.evaluate(tryBothCalls, 'ws://127.0.0.1:9/signaling');
      assert.deepEqual(failure, { secure: true, events: ['error', 'unsupported', 'unsupported'], state: 'error', cameraCalls: 0 });
      const publisher = page.locator('ifls-publisher');
      assert.equal(
        await publisher.getByRole('status').textContent(),
        'This browser cannot broadcast (no WebRTC or camera access). Use a recent Chrome, Edge, Firefox or Safari.',
      );
      const error = await page.evaluate(() => ({ ...document.querySelector('ifls-publisher')!.error }));
      assert.equal(error.code, 'unsupported');
      assert.deepEqual(sockets, []);

      await page.evaluate(() => {
        document.querySelector('#main')!.innerHTML = '<div lang="ja"><ifls-publisher sora-url="ws://127.0.0.1:9/signaling" channel-id="c"></ifls-publisher></div>';
        return document.querySelector('ifls-publisher')!.start();
      });
      assert.match((await publisher.getByRole('status').textContent()) ?? '', /^このブラウザーは配信できません/);
      assert.deepEqual(sockets, []);
    } finally {
      await browser.close();
    }
  });

  test('without getUserMedia: unsupported from preview()', async () => {
    const browser = await openPublisherPage({ initScript: 'delete MediaDevices.prototype.getUserMedia;' });
    try {
      const sockets: string[] = [];
      browser.page.on('websocket', (socket) => sockets.push(socket.url()));
      const failure = await browser.page.evaluate(tryBothCalls, 'ws://127.0.0.1:9/signaling');
      assert.deepEqual(failure, { secure: true, events: ['error', 'unsupported', 'unsupported'], state: 'error', cameraCalls: 0 });
      assert.match((await browser.page.locator('ifls-publisher').getByRole('status').textContent()) ?? '', /cannot broadcast/);
      assert.deepEqual(sockets, []);
    } finally {
      await browser.close();
    }
  });
});
