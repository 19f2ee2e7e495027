import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import { ImageFluxClient } from './client.js';
import { ImageFluxApiError } from './errors/api-error.js';
import { ImageFluxConfigurationError } from './errors/configuration-error.js';
import { ImageFluxNetworkError } from './errors/network-error.js';
import { ImageFluxTimeoutError } from './errors/timeout-error.js';
import { ImageFluxValidationError } from './errors/validation-error.js';

// A plain HTTP server that records what the client sends and answers what the test says.
// (The client against the real emulator is tested in packages/emulator.)
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const TOKEN = 'secret-token-0123456789';
let server: Server;
let endpoint: string;
let seen: Seen[] = [];
let answer: (response: ServerResponse) => void = (response) => response.end('{}');

before(async () => {
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    seen.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString() });
    answer(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

function client(options: Partial<ConstructorParameters<typeof ImageFluxClient>[0]> = {}) {
  seen = [];
  answer = (response) => response.end('{}');
  return new ImageFluxClient({ accessToken: TOKEN, endpoint, ...options });
}

const hls = [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1_000_000 } }];

test('every method POSTs JSON to / with its X-Sora-Target and the Bearer token', async () => {
  const api = client();
  const calls: Array<[() => Promise<unknown>, string, unknown]> = [
    [() => api.createChannel({ hls }), 'ImageFlux_20180905.CreateChannel', undefined],
    [() => api.deleteChannel('C1'), 'ImageFlux_20180501.DeleteChannel', { channel_id: 'C1' }],
    [() => api.stats(), 'ImageFlux_20180601.Stats', {}],
    [
      () => api.createArchiveDestination({ bucket_uri: 's3://b/p/' }),
      'ImageFlux_20190205.CreateArchiveDestination',
      { bucket_uri: 's3://b/p/' },
    ],
    [() => api.deleteArchiveDestination('A1'), 'ImageFlux_20190205.DeleteArchiveDestination', { archive_destination_id: 'A1' }],
    [() => api.listArchiveDestination(), 'ImageFlux_20190205.ListArchiveDestination', {}],
    [() => api.listConnections('C1'), 'Sora_20151104.ListConnections', { channel_id: 'C1' }],
    [() => api.listChannelClients('C1'), 'Sora_20170814.ListChannelClients', { channel_id: 'C1' }],
    [() => api.pushChannel('C1', { a: 1 }), 'Sora_20160711.PushChannel', { channel_id: 'C1', data: { a: 1 } }],
    [() => api.pushClient('C1', 'K', { a: 1 }), 'Sora_20160711.PushClient', { channel_id: 'C1', client_id: 'K', data: { a: 1 } }],
    [() => api.pushUpstream('C1', { a: 1 }), 'Sora_20160711.PushUpstream', { channel_id: 'C1', data: { a: 1 } }],
    [() => api.pushDownStream('C1', { a: 1 }), 'Sora_20160711.PushDownStream', { channel_id: 'C1', data: { a: 1 } }],
    [() => api.getStats('C1', 'X1'), 'Sora_20170529.GetStats', { channel_id: 'C1', connection_id: 'X1' }],
  ];
  for (const [call, target, body] of calls) {
    seen = [];
    await call();
    assert.equal(seen.length, 1, target);
    const [request] = seen as [Seen];
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/');
    assert.equal(request.headers['x-sora-target'], target);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    if (body !== undefined) assert.deepEqual(JSON.parse(request.body), body);
  }
});

test('createChannel sends the normalized audio bitrate', async () => {
  const api = client();
  await api.createChannel({ hls: [{ ...hls[0]!, audio: { bps: 70000 } }, { ...hls[0]! }] });
  const sent = JSON.parse(seen[0]!.body);
  assert.equal(sent.hls[0].audio.bps, 64000);
  assert.equal(sent.hls[1].audio.bps, 96000);
});

test('createChannel normalizes any audio bitrate as the spec does, and sends a positive start offset as it is', async () => {
  const api = client();
  const bitrates = [0, 1, 31999, 64000.5, 1e21];
  await api.createChannel({ hls: bitrates.map((bps, index) => ({ ...hls[0]!, startTimeOffset: index + 0.25, audio: { bps } })) });
  const sent = JSON.parse(seen[0]!.body) as { hls: Array<{ startTimeOffset: number; audio: { bps: number } }> };
  assert.deepEqual(
    sent.hls.map((entry) => entry.audio.bps),
    [32000, 32000, 32000, 64000, 320000],
  );
  assert.deepEqual(
    sent.hls.map((entry) => entry.startTimeOffset),
    [0.25, 1.25, 2.25, 3.25, 4.25],
  );
});

test('a bad request is refused before anything is sent', async () => {
  const api = client();
  await assert.rejects(api.createChannel({ hls: [{ ...hls[0]!, startTimeOffset: Number.NaN }] }), (error: unknown) => {
    return error instanceof ImageFluxValidationError && error.field === 'hls[0].startTimeOffset';
  });
  await assert.rejects(api.createArchiveDestination({ bucket_uri: 'gs://b/p', gcp_credential_json: 'not json' }), (error: unknown) => {
    return error instanceof ImageFluxValidationError && error.field === 'gcp_credential_json' && !error.message.includes('not json');
  });
  await assert.rejects(api.deleteChannel(''), ImageFluxValidationError);
  assert.equal(seen.length, 0);
});

test('an error answer becomes ImageFluxApiError with status, target and body, sent once', async () => {
  const api = client();
  answer = (response) => response.writeHead(404).end(JSON.stringify({ error_type: 'CHANNEL-NOT-FOUND', message: 'no such channel' }));
  const error = await api.deleteChannel('C1').catch((e: unknown) => e);
  assert.ok(error instanceof ImageFluxApiError);
  assert.equal(error.status, 404);
  assert.equal(error.target, 'ImageFlux_20180501.DeleteChannel');
  assert.equal(error.errorType, 'CHANNEL-NOT-FOUND');
  assert.deepEqual(error.body, { error_type: 'CHANNEL-NOT-FOUND', message: 'no such channel' });
  assert.match(error.message, /no such channel/);

  seen = [];
  answer = (response) => response.writeHead(503).end('busy');
  await assert.rejects(api.createChannel({ hls }), (e: unknown) => e instanceof ImageFluxApiError && e.status === 503 && e.body === 'busy');
  assert.equal(seen.length, 1, 'never retried');
});

test('a success answer that is not JSON is an ImageFluxApiError, not a crash', async () => {
  const api = client();
  answer = (response) => response.end('<html>proxy</html>');
  await assert.rejects(api.listArchiveDestination(), (e: unknown) => e instanceof ImageFluxApiError && e.status === 200);
});

test('an unreachable service is ImageFluxNetworkError; no answer in time is ImageFluxTimeoutError', async () => {
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
  const port = (closed.address() as { port: number }).port;
  await new Promise((done) => closed.close(done));
  const unreachable = new ImageFluxClient({ accessToken: TOKEN, endpoint: `http://127.0.0.1:${port}/` });
  await assert.rejects(unreachable.listArchiveDestination(), ImageFluxNetworkError);

  const api = client({ timeoutMs: 200 });
  answer = () => {}; // never answers
  await assert.rejects(api.listArchiveDestination(), (e: unknown) => e instanceof ImageFluxTimeoutError && e.timeoutMs === 200);
});

test('the token appears in no error message, log line or serialization', async () => {
  const api = client({ timeoutMs: 200 });
  const texts: string[] = [inspect(api), JSON.stringify(api), String(api)];
  answer = (response) => response.writeHead(401).end(JSON.stringify({ error_type: 'UNAUTHORIZED', message: 'bad token' }));
  texts.push(String(await api.listArchiveDestination().catch((e: Error) => `${e.message} ${e.stack} ${inspect(e)}`)));
  answer = () => {};
  texts.push(String(await api.listArchiveDestination().catch((e: Error) => `${e.message} ${e.stack} ${inspect(e)}`)));
  const leaky = new ImageFluxClient({
    accessToken: TOKEN,
    endpoint,
    fetch: async (_url, init) => {
      throw new Error(`refused ${JSON.stringify(init?.headers)}`);
    },
  });
  texts.push(String(await leaky.listArchiveDestination().catch((e: Error) => `${e.message} ${inspect(e)}`)));
  for (const text of texts) assert.ok(!text.includes(TOKEN), text);
});

test('it refuses to run in a browser unless told otherwise', () => {
  const scope = globalThis as Record<string, unknown>;
  scope.window = {};
  scope.document = {};
  try {
    assert.throws(() => new ImageFluxClient({ accessToken: TOKEN }), ImageFluxConfigurationError);
    assert.doesNotThrow(() => new ImageFluxClient({ accessToken: TOKEN, dangerouslyAllowBrowser: true }));
  } finally {
    delete scope.window;
    delete scope.document;
  }
});

test('bad configuration is refused at construction', () => {
  assert.throws(() => new ImageFluxClient({ accessToken: '' }), ImageFluxConfigurationError);
  assert.throws(() => new ImageFluxClient({ accessToken: TOKEN, endpoint: 'not a url' }), ImageFluxConfigurationError);
  assert.throws(() => new ImageFluxClient({ accessToken: TOKEN, endpoint: 'ftp://x/' }), ImageFluxConfigurationError);
  assert.equal(new ImageFluxClient({ accessToken: TOKEN }).endpoint, 'https://live-api.imageflux.jp/');
});

test('request() sends a target the client does not know as given', async () => {
  const api = client();
  answer = (response) => response.end(JSON.stringify({ channel_ids: ['A'] }));
  assert.deepEqual(await api.request('ImageFlux_20200729.ListChannelIDs', {}), { channel_ids: ['A'] });
  assert.equal(seen[0]!.headers['x-sora-target'], 'ImageFlux_20200729.ListChannelIDs');
});
