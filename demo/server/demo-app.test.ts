/**
 * Where Hono would answer differently from the hand-written server this backend replaced, the demo
 * answers as before: the same JSON errors for bad bodies (not Hono's own text), 405 for a method a
 * path does not take (not Hono's 404), the same headers; and its event webhook takes only what the
 * emulator signed. Against a real demo server and emulator over real sockets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DemoChannel, DemoErrorBody } from '../shared/demo-api-types.js';
import { openSocket, rawRequest, type RawAnswer } from '../e2e/raw-http.js';
import type { RunningDemoServer } from './demo-server.js';
import type { ImageFluxBackend } from './imageflux-backend.js';
import { MAX_BODY_BYTES } from './json-body.js';
import type { Asset } from './page-assets.js';
import { startTestBackend, startTestDemoServer } from './test-demo-server.js';

const HLS = [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1_000_000 } }];
const PAGE: Asset = {
  body: new TextEncoder().encode('<!doctype html><title>demo</title>'),
  contentType: 'text/html; charset=utf-8',
  isPage: true,
};

describe('the demo on Hono answers as the hand-written server did', () => {
  let backend: ImageFluxBackend;
  let server: RunningDemoServer;
  const logged: string[] = [];

  before(async () => {
    backend = await startTestBackend();
    server = await startTestDemoServer({ backend, assets: new Map([['/', PAGE]]), log: (line) => logged.push(line) });
  });

  after(async () => {
    await server?.close();
    await backend?.close();
  });

  const send = (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}) =>
    rawRequest(server.url, {
      method,
      path,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
  const create = async () => (await send('POST', '/api/channels', JSON.stringify({ hls: HLS }))).json as DemoChannel;
  const assertError = (answer: RawAnswer, status: number, error: DemoErrorBody['error']) => {
    assert.equal(answer.status, status, answer.text);
    assert.deepEqual(answer.json, { error });
    assert.equal(answer.headers['cache-control'], 'no-store');
  };

  test("a malformed JSON body is the demo's 400, not Hono's", async () => {
    const channel = await create();
    for (const path of ['/api/channels', `/api/channels/${channel.channel_id}/push`]) {
      assertError(await send('POST', path, '{"hls": ['), 400, { code: 'invalid-request', message: 'The body is not JSON.' });
    }
    const latin1 = await send('POST', '/api/channels', Buffer.from('{"hls": "caf\xe9"}', 'latin1'));
    assertError(latin1, 400, { code: 'invalid-request', message: 'The body is not UTF-8.' });
  });

  test('bodies up to 16 KB are read; one byte more is a 413 that closes the connection', async () => {
    const json = JSON.stringify({ hls: HLS });
    const fits = await send('POST', '/api/channels', json.padEnd(MAX_BODY_BYTES, ' '));
    assert.equal(fits.status, 201, fits.text);
    const over = await send('POST', '/api/channels', json.padEnd(MAX_BODY_BYTES + 1, ' '));
    assertError(over, 413, { code: 'invalid-request', message: `The body is larger than ${MAX_BODY_BYTES} bytes.` });
    assert.equal(over.headers.connection, 'close');
    const wrongType = await send('POST', '/api/channels', json, { 'content-type': 'text/plain' });
    assertError(wrongType, 415, { code: 'invalid-request', message: 'Send the body as application/json.' });
    assert.equal(wrongType.headers.connection, 'close');
  });

  test('a method a path does not take is a 405 that names the right ones', async () => {
    const channel = await create();
    const path = `/api/channels/${channel.channel_id}`;
    const cases: [string, string, string][] = [
      ['PUT', '/api/channels', 'Use GET or POST.'],
      ['POST', '/api/session', 'Use GET.'],
      ['PATCH', path, 'Use GET or DELETE.'],
      ['GET', `${path}/push`, 'Use POST.'],
      ['DELETE', `${path}/events`, 'Use GET.'],
    ];
    for (const [method, at, message] of cases) {
      assertError(await send(method, at), 405, { code: 'invalid-request', message });
    }
    // Hono answers HEAD from the GET route: here it would open an event stream no one reads.
    const head = await openSocket(server.url, `HEAD ${path}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    await head.closed;
    assert.match(head.received(), /^HTTP\/1\.1 405 /);
  });

  test('unknown API paths are a JSON 404, unknown pages a plain one', async () => {
    assertError(await send('GET', '/api/nothing'), 404, { code: 'not-found', message: 'Nothing at GET /api/nothing.' });
    const page = await rawRequest(server.url, { path: '/nothing' });
    assert.equal(page.status, 404);
    assert.equal(page.text, 'Not found');
  });

  test('pages carry the strict CSP; every answer says nosniff and no referrer', async () => {
    const page = await rawRequest(server.url, { path: '/' });
    assert.equal(page.status, 200);
    assert.equal(page.text, '<!doctype html><title>demo</title>');
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /script-src 'self';/);
    assert.ok(csp.includes(new URL(backend.emulator!.url).origin), csp);
    assert.equal(page.headers['permissions-policy'], 'camera=(self), microphone=(self)');
    for (const answer of [page, await send('GET', '/api/session'), await send('GET', '/api/nothing')]) {
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
      assert.equal(answer.headers['referrer-policy'], 'no-referrer');
    }
    const head = await rawRequest(server.url, { method: 'HEAD', path: '/' });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
  });

  test('the event webhook refuses what the emulator did not sign', async () => {
    const channel = await create();
    const forged = {
      id: 'forged',
      timestamp: new Date().toISOString(),
      type: 'connection.created',
      channel_id: channel.channel_id,
      session_id: 's',
      connection_id: 'c',
      client_id: 'c',
      bundle_id: 'b',
      role: 'sendonly',
      audio: true,
      video: true,
      minutes: 0,
      channel_connections: 1,
      channel_sendrecv_connections: 0,
      channel_sendonly_connections: 1,
      channel_recvonly_connections: 0,
    };
    const answer = await send('POST', '/webhooks/events', JSON.stringify(forged));
    assert.equal(answer.status, 401);
    assert.deepEqual(
      logged.filter((line) => line.includes('broadcaster')),
      [],
    );
  });

  test('a Host that is no host name at all is a 400, as HTTP/1.1 says', async () => {
    const client = await openSocket(server.url, 'GET /api/session HTTP/1.1\r\nHost: evil example\r\nConnection: close\r\n\r\n');
    await client.closed;
    assert.match(client.received(), /^HTTP\/1\.1 400 /);
  });
});
