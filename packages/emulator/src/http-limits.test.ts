// Slow and idle clients against the emulator's HTTP server: their sockets are closed at the
// timeouts, the connection cap holds, and everyone else is still answered meanwhile.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from './emulator.js';
import { DEFAULT_HTTP_LIMITS, httpLimitsOf } from './http-limits.js';
import { StartupError } from './startup-error.js';
import { sleep } from '@ifls/test-support/sleep.js';

const TOKEN = 'http-limits-token';

interface RawClient {
  socket: Socket;
  /** Milliseconds from connecting to the server closing the socket. */
  closed: Promise<number>;
  received(): string;
}

function rawClient(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const started = performance.now();
    let text = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (text += chunk));
    // Infinity when still open after 5 s: the assertions then fail at once instead of hanging.
    const closed = new Promise<number>((done) => {
      const giveUp = setTimeout(() => done(Infinity), 5000);
      socket.once('close', () => {
        clearTimeout(giveUp);
        done(performance.now() - started);
      });
    });
    socket.once('error', () => {}); // a reset is one of the ways to be closed
    socket.once('connect', () => resolve({ socket, closed, received: () => text }));
    socket.once('error', reject);
  });
}

/** Writes `chunks` one every `everyMs` while the socket is open. */
function trickle(socket: Socket, first: string, everyMs: number, next: () => string): void {
  socket.write(first);
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write(next());
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

async function listArchiveDestinations(emulator: RunningEmulator): Promise<number> {
  // Raw fetch on purpose: the point is the HTTP status the emulator answers while its limits bite.
  const response = await fetch(emulator.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'x-sora-target': 'ImageFlux_20190205.ListArchiveDestination' },
  });
  await response.arrayBuffer();
  return response.status;
}

describe('HTTP limits of the emulator', { timeout: 60_000 }, () => {
  const running: RunningEmulator[] = [];
  const sockets: Socket[] = [];
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(running.map((emulator) => emulator.close()));
  });
  const start = async (options: Parameters<typeof startEmulator>[0]) => {
    const emulator = await startEmulator({ tokens: [TOKEN], ...options });
    running.push(emulator);
    return emulator;
  };
  const open = async (emulator: RunningEmulator) => {
    const client = await rawClient(emulator.url);
    sockets.push(client.socket);
    return client;
  };

  test('defaults, options and environment variables', () => {
    assert.deepEqual(httpLimitsOf({}, {}), DEFAULT_HTTP_LIMITS);
    assert.equal(httpLimitsOf({}, { IFLS_EMULATOR_MAX_CONNECTIONS: '7' }).maxConnections, 7);
    assert.equal(httpLimitsOf({ maxConnections: 3 }, { IFLS_EMULATOR_MAX_CONNECTIONS: '7' }).maxConnections, 3, 'the option wins');
    assert.throws(() => httpLimitsOf({}, { IFLS_EMULATOR_REQUEST_TIMEOUT_MS: 'soon' }), StartupError);
    assert.throws(() => httpLimitsOf({ headersTimeoutMs: 0 }, {}), StartupError);
    assert.throws(() => httpLimitsOf({ headersTimeoutMs: 5000, requestTimeoutMs: 1000 }, {}), StartupError);
  });

  test('slow headers, slow bodies and idle keep-alive sockets are closed at their timeouts; others are answered meanwhile', async () => {
    const emulator = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1000, keepAliveTimeoutMs: 500 });
    const slowHeaders = await Promise.all(Array.from({ length: 10 }, () => open(emulator)));
    slowHeaders.forEach(({ socket }, index) =>
      trickle(socket, 'POST / HTTP/1.1\r\nHost: emulator\r\n', 100, () => `X-Slow-${index}: still coming\r\n`),
    );
    const slowBodies = await Promise.all(Array.from({ length: 5 }, () => open(emulator)));
    for (const { socket } of slowBodies) {
      const head = `POST / HTTP/1.1\r\nHost: emulator\r\nAuthorization: Bearer ${TOKEN}\r\nX-Sora-Target: ImageFlux_20190205.ListArchiveDestination\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{`;
      trickle(socket, head, 100, () => ' ');
    }
    const silent = await open(emulator);

    // While all of them hold a socket, a normal client is answered, and promptly.
    const started = performance.now();
    assert.equal(await listArchiveDestinations(emulator), 200);
    assert.ok(performance.now() - started < 2000);

    const headerTimes = await Promise.all(slowHeaders.map((client) => client.closed));
    const bodyTimes = await Promise.all(slowBodies.map((client) => client.closed));
    const silentTime = await silent.closed;
    for (const time of [...headerTimes, silentTime]) assert.ok(time < 2500, `a slow header socket was closed after ${time} ms`);
    for (const time of bodyTimes) assert.ok(time >= 900 && time < 3000, `a slow body socket was closed after ${time} ms`);
    assert.match(slowBodies[0]!.received(), /^HTTP\/1\.1 408 /, 'the slow body is told why');

    // A keep-alive socket left idle after its request is closed too.
    const idle = await open(emulator);
    idle.socket.write(
      `POST / HTTP/1.1\r\nHost: emulator\r\nAuthorization: Bearer ${TOKEN}\r\nX-Sora-Target: ImageFlux_20190205.ListArchiveDestination\r\nContent-Length: 0\r\n\r\n`,
    );
    const idleTime = await idle.closed;
    assert.match(idle.received(), /^HTTP\/1\.1 200 /);
    assert.ok(idleTime < 2500, `an idle keep-alive socket was closed after ${idleTime} ms`);
    assert.equal(await listArchiveDestinations(emulator), 200);
  });

  test('connections past the cap are closed at once; when the held ones time out, requests are answered again', async () => {
    const emulator = await start({ maxConnections: 4, headersTimeoutMs: 1000 });
    const held = await Promise.all(Array.from({ length: 4 }, () => open(emulator)));
    await sleep(100); // the server has counted them
    const refused = await open(emulator);
    assert.ok((await refused.closed) < 500, 'a connection over the cap is closed at once');
    assert.equal(refused.received(), '');
    await Promise.all(held.map((client) => client.closed));
    assert.equal(await listArchiveDestinations(emulator), 200);
  });
});
