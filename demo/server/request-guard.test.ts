/**
 * The demo answers to its own host names only, and takes changes from its own pages only
 * (DNS rebinding, cross-site requests), against a real demo server and emulator over real sockets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChannelList } from '../shared/demo-api-types.js';
import { openSocket, rawRequest, type RawAnswer } from '../e2e/raw-http.js';
import { banner } from './banner.js';
import type { RunningDemoServer } from './demo-server.js';
import type { ImageFluxBackend } from './imageflux-backend.js';
import type { Asset } from './page-assets.js';
import { startTestBackend, startTestDemoServer } from './test-demo-server.js';

const HLS = [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1_000_000 } }];
const PAGE: Asset = { body: Buffer.from('<!doctype html><title>demo</title>'), contentType: 'text/html; charset=utf-8', isPage: true };

describe('the demo answers to its own names and origin only', () => {
  let backend: ImageFluxBackend;
  let server: RunningDemoServer;
  let port: string;

  before(async () => {
    backend = await startTestBackend();
    server = await startTestDemoServer({
      backend,
      assets: new Map([['/', PAGE]]),
      extraAllowedHosts: ['demo.example.com', '.proxy.example'],
    });
    port = new URL(server.url).port;
  });

  after(async () => {
    await server?.close();
    await backend?.close();
  });

  const get = (path: string, host: string, headers: Record<string, string> = {}) =>
    rawRequest(server.url, { path, headers: { host, ...headers } });
  const create = (host: string, origin?: string) =>
    rawRequest(server.url, {
      method: 'POST',
      path: '/api/channels',
      headers: { host, 'content-type': 'application/json', ...(origin === undefined ? {} : { origin }) },
      body: JSON.stringify({ hls: HLS }),
    });
  const channelCount = async () => ((await get('/api/channels', `127.0.0.1:${port}`)).json as ChannelList).channels.length;
  const errorCode = (answer: RawAnswer) => (answer.json as { error?: { code?: string } } | undefined)?.error?.code;

  test('its own names are served: loopback, the configured host, names added for a proxy', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST.:${port}`,
      `[::1]:${port}`,
      'localhost',
      'demo.example.com',
      'a.proxy.example:443',
    ]) {
      const answer = await get('/api/session', host);
      assert.equal(answer.status, 200, host);
      assert.deepEqual(answer.json, { backend: 'emulator' });
    }
    assert.equal((await get('/', `localhost:${port}`)).status, 200);
  });

  test('a foreign Host (a rebinding page) gets 421 with a JSON reason, on pages and API alike', async () => {
    for (const host of [
      `evil.example:${port}`,
      'demo.example.com.evil.example',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      'proxy.example.evil',
    ]) {
      for (const path of ['/', '/api/session', '/api/channels']) {
        const answer = await get(path, host);
        assert.equal(answer.status, 421, `${host} ${path}`);
        assert.equal(errorCode(answer), 'foreign-host');
        assert.match(answer.text, /IFLS_DEMO_ALLOWED_HOSTS/);
      }
    }
    // HTTP/1.0 lets a client leave Host out: no name is not one of the demo's names either.
    const noHost = await openSocket(server.url, 'GET /api/session HTTP/1.0\r\n\r\n');
    await noHost.closed;
    assert.match(noHost.received(), /^HTTP\/1\.1 421 /);
    const before = await channelCount();
    assert.equal((await create(`evil.example:${port}`)).status, 421);
    assert.equal(await channelCount(), before, 'nothing was created');
  });

  test('a change from a foreign Origin gets 403 and changes nothing', async () => {
    const before = await channelCount();
    for (const origin of ['http://evil.example', `http://localhost:${Number(port) + 1}`, 'null', 'file://', `ws://127.0.0.1:${port}`]) {
      const refused = await create(`127.0.0.1:${port}`, origin);
      assert.equal(refused.status, 403, origin);
      assert.equal(errorCode(refused), 'foreign-origin');
      assert.match((refused.json as { error: { message: string } }).error.message, /own pages/);
    }
    assert.equal(await channelCount(), before);
  });

  test('changes from its own pages, a proxy name and programs without Origin are accepted', async () => {
    assert.equal((await create(`127.0.0.1:${port}`, `http://127.0.0.1:${port}`)).status, 201);
    assert.equal((await create(`localhost:${port}`, `http://localhost:${port}`)).status, 201);
    // Behind a proxy Host may be the upstream address while Origin is the public name.
    assert.equal((await create(`127.0.0.1:${port}`, 'https://demo.example.com')).status, 201);
    assert.equal((await create(`127.0.0.1:${port}`)).status, 201, 'curl sends no Origin');
  });

  test('listening on every interface, it answers to the network addresses its banner prints', async (context) => {
    const everywhere = await startTestDemoServer({ backend, host: '0.0.0.0' });
    try {
      if (everywhere.lanUrls.length === 0) return context.skip('this machine has no network address besides loopback');
      const printed = banner(everywhere.url, backend, everywhere.lanUrls);
      for (const lanUrl of everywhere.lanUrls) {
        assert.ok(printed.includes(lanUrl), printed);
        const { host } = new URL(lanUrl);
        assert.equal((await rawRequest(everywhere.url, { path: '/api/session', headers: { host } })).status, 200, host);
      }
      const { port: anyPort } = new URL(everywhere.url);
      assert.equal((await rawRequest(everywhere.url, { path: '/api/session', headers: { host: `evil.example:${anyPort}` } })).status, 421);
    } finally {
      await everywhere.close();
    }
  });

  test('reading is allowed from any origin (without CORS the browser keeps the answer from it)', async () => {
    const answer = await get('/api/channels', `127.0.0.1:${port}`, { origin: 'http://evil.example' });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['access-control-allow-origin'], undefined);
  });
});
