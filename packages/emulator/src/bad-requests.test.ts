// Raw HTTP requests the client would never send, each with the exact answer the emulator owes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TARGETS } from '@ifls/api';
import { MAX_BODY_BYTES } from './api/api-endpoint.js';
import { startEmulator, type RunningEmulator } from './emulator.js';

const TOKEN = 'bad-requests-token';
const UNKNOWN_ID = '0000000000000000000000000Z';

const entry = { durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1000000 } };
/** The first HLS entry with `change` applied to it. */
const channelWith = (change: Record<string, unknown>) => ({ hls: [{ ...entry, ...change }] });
const channelWithVideo = (change: Record<string, unknown>) => channelWith({ video: { ...entry.video, ...change } });

interface BadRequest {
  name: string;
  method?: string;
  path?: string;
  /** Default: `Bearer <TOKEN>`; null sends none. */
  authorization?: string | null;
  /** Default: CreateChannel; null sends none. */
  target?: string | null;
  /** A string or bytes go as they are; anything else as JSON. Default: none. */
  body?: unknown;
  status: number;
  errorType: string;
  field?: string;
}

// one case a line reads as a table

// prettier-ignore
const cases: BadRequest[] = [
  // The request itself
  { name: 'GET /', method: 'GET', status: 405, errorType: 'METHOD-NOT-ALLOWED' },
  { name: 'PUT /', method: 'PUT', body: '{}', status: 405, errorType: 'METHOD-NOT-ALLOWED' },
  { name: 'DELETE /', method: 'DELETE', status: 405, errorType: 'METHOD-NOT-ALLOWED' },
  { name: 'POST to another path', path: '/api', body: '{}', status: 404, errorType: 'NOT-FOUND' },
  { name: 'GET of an unknown path', method: 'GET', path: '/nothing-here', status: 404, errorType: 'NOT-FOUND' },
  // Authorization
  { name: 'no Authorization', authorization: null, body: channelWith({}), status: 401, errorType: 'UNAUTHORIZED' },
  { name: 'wrong token', authorization: 'Bearer not-the-token', body: {}, status: 401, errorType: 'UNAUTHORIZED' },
  { name: 'Basic scheme', authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, body: {}, status: 401, errorType: 'UNAUTHORIZED' },
  { name: 'Bearer without a token', authorization: 'Bearer', body: {}, status: 401, errorType: 'UNAUTHORIZED' },
  { name: 'Bearer with two words', authorization: `Bearer ${TOKEN} extra`, body: {}, status: 401, errorType: 'UNAUTHORIZED' },
  { name: 'the token without a scheme', authorization: TOKEN, body: {}, status: 401, errorType: 'UNAUTHORIZED' },
  { name: 'a prefix of the token', authorization: `Bearer ${TOKEN.slice(0, -1)}`, body: {}, status: 401, errorType: 'UNAUTHORIZED' },
  // Target
  { name: 'no X-Sora-Target', target: null, body: {}, status: 400, errorType: 'MISSING-TARGET' },
  { name: 'empty X-Sora-Target', target: '', body: {}, status: 400, errorType: 'MISSING-TARGET' },
  { name: 'unknown target', target: 'ImageFlux_20180905.MakeCoffee', body: {}, status: 400, errorType: 'UNKNOWN-TARGET', field: 'X-Sora-Target' },
  { name: 'a Sora target ImageFlux does not offer', target: 'Sora_20151104.DisconnectChannel', body: { channel_id: 'x' }, status: 400, errorType: 'UNKNOWN-TARGET', field: 'X-Sora-Target' },
  { name: 'target in the wrong case', target: TARGETS.createChannel.toLowerCase(), body: channelWith({}), status: 400, errorType: 'UNKNOWN-TARGET', field: 'X-Sora-Target' },
  // Body
  { name: 'body is not JSON', body: '{"hls": [', status: 400, errorType: 'INVALID-JSON' },
  { name: 'body is a JSON array', body: '[]', status: 400, errorType: 'INVALID-JSON' },
  { name: 'body is JSON null', body: 'null', status: 400, errorType: 'INVALID-JSON' },
  { name: 'body is a JSON number', body: '42', status: 400, errorType: 'INVALID-JSON' },
  { name: 'body is a JSON string', body: '"hls"', status: 400, errorType: 'INVALID-JSON' },
  { name: 'body is not UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, errorType: 'INVALID-JSON' },
  { name: `body over ${MAX_BODY_BYTES} bytes`, body: JSON.stringify({ hls: [], padding: 'x'.repeat(MAX_BODY_BYTES) }), status: 413, errorType: 'PAYLOAD-TOO-LARGE' },
  // CreateChannel
  { name: 'CreateChannel without a body', status: 400, errorType: 'MISSING-PARAMETER', field: 'hls' },
  { name: 'CreateChannel without hls', body: { auth_webhook_url: '' }, status: 400, errorType: 'MISSING-PARAMETER', field: 'hls' },
  { name: 'hls is an object', body: { hls: entry }, status: 400, errorType: 'INVALID-PARAMETER', field: 'hls' },
  { name: 'hls is empty', body: { hls: [] }, status: 400, errorType: 'INVALID-PARAMETER', field: 'hls' },
  { name: 'hls entry is a number', body: { hls: [1] }, status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0]' },
  { name: 'durationSeconds 0', body: channelWith({ durationSeconds: 0 }), status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0].durationSeconds' },
  { name: 'durationSeconds as a string', body: channelWith({ durationSeconds: '1' }), status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0].durationSeconds' },
  { name: 'startTimeOffset as a string', body: channelWith({ startTimeOffset: '-2' }), status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0].startTimeOffset' },
  { name: 'startTimeOffset 1e400 (Infinity once parsed)', body: '{"hls":[{"durationSeconds":1,"startTimeOffset":1e400,"video":{"width":640,"height":480,"fps":30,"bps":1000000}}]}', status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0].startTimeOffset' },
  { name: 'startTimeOffset missing', body: { hls: [{ durationSeconds: 1, video: entry.video }] }, status: 400, errorType: 'MISSING-PARAMETER', field: 'hls[0].startTimeOffset' },
  { name: 'video missing', body: { hls: [{ durationSeconds: 1, startTimeOffset: 0 }] }, status: 400, errorType: 'MISSING-PARAMETER', field: 'hls[0].video' },
  { name: 'video is an array', body: channelWith({ video: [] }), status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0].video' },
  { name: 'width as a string', body: channelWithVideo({ width: '640' }), status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0].video.width' },
  { name: 'height 0', body: channelWithVideo({ height: 0 }), status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0].video.height' },
  { name: 'negative fps', body: channelWithVideo({ fps: -30 }), status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0].video.fps' },
  { name: 'video bps null', body: channelWithVideo({ bps: null }), status: 400, errorType: 'MISSING-PARAMETER', field: 'hls[0].video.bps' },
  { name: 'audio bps as a string', body: channelWith({ audio: { bps: '64000' } }), status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0].audio.bps' },
  { name: 'audio is a number', body: channelWith({ audio: 64000 }), status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[0].audio' },
  { name: 'archive without an id', body: channelWith({ archive: {} }), status: 400, errorType: 'MISSING-PARAMETER', field: 'hls[0].archive.archive_destination_id' },
  { name: 'archive of an unknown destination', body: channelWith({ archive: { archive_destination_id: UNKNOWN_ID } }), status: 404, errorType: 'ARCHIVE-DESTINATION-NOT-FOUND', field: 'hls[0].archive.archive_destination_id' },
  { name: 'second entry wrong', body: { hls: [entry, { ...entry, video: { ...entry.video, fps: 0 } }] }, status: 400, errorType: 'INVALID-PARAMETER', field: 'hls[1].video.fps' },
  { name: 'auth_webhook_url as a number', body: { ...channelWith({}), auth_webhook_url: 1 }, status: 400, errorType: 'INVALID-PARAMETER', field: 'auth_webhook_url' },
  { name: 'event_webhook_url not http', body: { ...channelWith({}), event_webhook_url: 'ftp://example.com/' }, status: 400, errorType: 'INVALID-PARAMETER', field: 'event_webhook_url' },
  // The emulator's own limits: valid for the service, refused here to protect the emulator (never a 500)
  { name: 'video bps 1e21', body: channelWithVideo({ bps: 1e21 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].video.bps' },
  { name: 'video bps 999', body: channelWithVideo({ bps: 999 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].video.bps' },
  { name: 'durationSeconds 1e-300', body: channelWith({ durationSeconds: 1e-300 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].durationSeconds' },
  { name: 'durationSeconds 1e300', body: channelWith({ durationSeconds: 1e300 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].durationSeconds' },
  { name: 'startTimeOffset -1e300', body: channelWith({ startTimeOffset: -1e300 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].startTimeOffset' },
  { name: 'startTimeOffset 3601', body: channelWith({ startTimeOffset: 3601 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].startTimeOffset' },
  { name: 'width 100000', body: channelWithVideo({ width: 100000 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].video.width' },
  { name: 'height 8689', body: channelWithVideo({ height: 8689 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].video.height' },
  { name: '8192×8192', body: channelWithVideo({ width: 8192, height: 8192 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].video.width' },
  { name: 'fps 1e6', body: channelWithVideo({ fps: 1e6 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].video.fps' },
  { name: 'fps 1e-6', body: channelWithVideo({ fps: 1e-6 }), status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls[0].video.fps' },
  { name: '5000 hls entries', body: { hls: Array.from({ length: 5000 }, () => entry) }, status: 400, errorType: 'EMULATOR-LIMIT', field: 'hls' },
  { name: 'CreateChannel nesting 100000 arrays in an unknown field', body: `{"hls":[{"durationSeconds":1,"startTimeOffset":-2,"video":{"width":640,"height":480,"fps":30,"bps":1000000},"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`, status: 400, errorType: 'EMULATOR-LIMIT', field: `hls[0].x${'[0]'.repeat(29)}` },
  { name: 'CreateChannel with a 33rd level at the top', body: { ...channelWith({}), x: JSON.parse(`${'{"a":'.repeat(32)}1${'}'.repeat(32)}`) as unknown }, status: 400, errorType: 'EMULATOR-LIMIT', field: `x${'.a'.repeat(31)}` },
  // DeleteChannel and Stats
  { name: 'DeleteChannel without channel_id', target: TARGETS.deleteChannel, body: {}, status: 400, errorType: 'MISSING-PARAMETER', field: 'channel_id' },
  { name: 'DeleteChannel with a numeric channel_id', target: TARGETS.deleteChannel, body: { channel_id: 7 }, status: 400, errorType: 'INVALID-PARAMETER', field: 'channel_id' },
  { name: 'DeleteChannel with an empty channel_id', target: TARGETS.deleteChannel, body: { channel_id: '' }, status: 400, errorType: 'INVALID-PARAMETER', field: 'channel_id' },
  { name: 'DeleteChannel of an unknown channel', target: TARGETS.deleteChannel, body: { channel_id: UNKNOWN_ID }, status: 404, errorType: 'CHANNEL-NOT-FOUND', field: 'channel_id' },
  { name: 'Stats', target: TARGETS.stats, body: {}, status: 400, errorType: 'NOT-IMPLEMENTED' },
  // Archive destinations
  { name: 'CreateArchiveDestination without bucket_uri', target: TARGETS.createArchiveDestination, body: {}, status: 400, errorType: 'MISSING-PARAMETER', field: 'bucket_uri' },
  { name: 'bucket_uri over http', target: TARGETS.createArchiveDestination, body: { bucket_uri: 'https://bucket/path' }, status: 400, errorType: 'INVALID-PARAMETER', field: 'bucket_uri' },
  { name: 'bucket_uri without a bucket', target: TARGETS.createArchiveDestination, body: { bucket_uri: 's3://' }, status: 400, errorType: 'INVALID-PARAMETER', field: 'bucket_uri' },
  { name: 'bucket_uri as an array', target: TARGETS.createArchiveDestination, body: { bucket_uri: ['s3://b/'] }, status: 400, errorType: 'INVALID-PARAMETER', field: 'bucket_uri' },
  { name: 'gcp_credential_json as an object', target: TARGETS.createArchiveDestination, body: { bucket_uri: 'gs://b/p', gcp_credential_json: { type: 'service_account' } }, status: 400, errorType: 'INVALID-PARAMETER', field: 'gcp_credential_json' },
  { name: 'aws_region as a number', target: TARGETS.createArchiveDestination, body: { bucket_uri: 's3://b/p/', aws_region: 1 }, status: 400, errorType: 'INVALID-PARAMETER', field: 'aws_region' },
  { name: 'gcp_credential_json that is not JSON', target: TARGETS.createArchiveDestination, body: { bucket_uri: 'gs://b/p', gcp_credential_json: 'service-account.json' }, status: 400, errorType: 'INVALID-PARAMETER', field: 'gcp_credential_json' },
  { name: 'file bucket_uri with an encoded slash', target: TARGETS.createArchiveDestination, body: { bucket_uri: 'file:///tmp/a%2Fb/' }, status: 400, errorType: 'INVALID-PARAMETER', field: 'bucket_uri' },
  { name: 'file bucket_uri with a bad escape', target: TARGETS.createArchiveDestination, body: { bucket_uri: 'file:///tmp/%zz/' }, status: 400, errorType: 'INVALID-PARAMETER', field: 'bucket_uri' },
  { name: 'file bucket_uri with a query', target: TARGETS.createArchiveDestination, body: { bucket_uri: 'file:///tmp/x?y' }, status: 400, errorType: 'INVALID-PARAMETER', field: 'bucket_uri' },
  { name: 'file bucket_uri on a host', target: TARGETS.createArchiveDestination, body: { bucket_uri: 'file://host/tmp/x/' }, status: 400, errorType: 'INVALID-PARAMETER', field: 'bucket_uri' },
  { name: 'CreateArchiveDestination nesting deep', target: TARGETS.createArchiveDestination, body: `{"bucket_uri":"s3://b/","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, status: 400, errorType: 'EMULATOR-LIMIT', field: `x${'[0]'.repeat(31)}` },
  { name: 'DeleteArchiveDestination without an id', target: TARGETS.deleteArchiveDestination, body: {}, status: 400, errorType: 'MISSING-PARAMETER', field: 'archive_destination_id' },
  { name: 'DeleteArchiveDestination of an unknown id', target: TARGETS.deleteArchiveDestination, body: { archive_destination_id: UNKNOWN_ID }, status: 404, errorType: 'ARCHIVE-DESTINATION-NOT-FOUND', field: 'archive_destination_id' },
  // Sora targets
  { name: 'ListConnections without channel_id', target: TARGETS.listConnections, body: {}, status: 400, errorType: 'MISSING-PARAMETER', field: 'channel_id' },
  { name: 'ListConnections of an unknown channel', target: TARGETS.listConnections, body: { channel_id: UNKNOWN_ID }, status: 404, errorType: 'CHANNEL-NOT-FOUND', field: 'channel_id' },
  { name: 'ListChannelClients of an unknown channel', target: TARGETS.listChannelClients, body: { channel_id: UNKNOWN_ID }, status: 404, errorType: 'CHANNEL-NOT-FOUND', field: 'channel_id' },
  { name: 'PushChannel without data', target: TARGETS.pushChannel, body: { channel_id: UNKNOWN_ID }, status: 400, errorType: 'MISSING-PARAMETER', field: 'data' },
  { name: 'PushChannel with data as an array', target: TARGETS.pushChannel, body: { channel_id: UNKNOWN_ID, data: [] }, status: 400, errorType: 'INVALID-PARAMETER', field: 'data' },
  { name: 'PushChannel with data as a string', target: TARGETS.pushChannel, body: { channel_id: UNKNOWN_ID, data: 'hi' }, status: 400, errorType: 'INVALID-PARAMETER', field: 'data' },
  { name: 'PushChannel to an unknown channel', target: TARGETS.pushChannel, body: { channel_id: UNKNOWN_ID, data: {} }, status: 404, errorType: 'CHANNEL-NOT-FOUND', field: 'channel_id' },
  { name: 'PushChannel with data nesting 10000 arrays', target: TARGETS.pushChannel, body: `{"channel_id":"${UNKNOWN_ID}","data":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`, status: 400, errorType: 'EMULATOR-LIMIT', field: `data.x${'[0]'.repeat(30)}` },
  { name: 'PushClient without client_id', target: TARGETS.pushClient, body: { channel_id: UNKNOWN_ID, data: {} }, status: 400, errorType: 'MISSING-PARAMETER', field: 'client_id' },
  { name: 'PushUpstream to an unknown channel', target: TARGETS.pushUpstream, body: { channel_id: UNKNOWN_ID, data: {} }, status: 404, errorType: 'CHANNEL-NOT-FOUND', field: 'channel_id' },
  { name: 'PushDownStream to an unknown channel', target: TARGETS.pushDownStream, body: { channel_id: UNKNOWN_ID, data: {} }, status: 404, errorType: 'CHANNEL-NOT-FOUND', field: 'channel_id' },
  { name: 'GetStats without connection_id', target: TARGETS.getStats, body: { channel_id: UNKNOWN_ID }, status: 400, errorType: 'MISSING-PARAMETER', field: 'connection_id' },
  { name: 'GetStats of an unknown channel', target: TARGETS.getStats, body: { channel_id: UNKNOWN_ID, connection_id: UNKNOWN_ID }, status: 404, errorType: 'CHANNEL-NOT-FOUND', field: 'channel_id' },
];

describe('bad requests', () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ tokens: [TOKEN] });
  });
  after(() => emulator?.close());

  async function send(request: Omit<BadRequest, 'name' | 'status' | 'errorType' | 'field'>): Promise<Response> {
    const headers: Record<string, string> = {};
    const authorization = request.authorization === undefined ? `Bearer ${TOKEN}` : request.authorization;
    if (authorization !== null) headers.authorization = authorization;
    const target = request.target === undefined ? TARGETS.createChannel : request.target;
    if (target !== null) headers['x-sora-target'] = target;
    let body: string | Buffer | undefined;
    if (typeof request.body === 'string' || Buffer.isBuffer(request.body)) body = request.body;
    else if (request.body !== undefined) body = JSON.stringify(request.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    // Raw fetch on purpose: these requests are ones our client refuses to build (bad JSON, wrong types, hostile bodies).
    return fetch(new URL(request.path ?? '/', emulator.url), { method: request.method ?? 'POST', headers, body });
  }

  test(`the table has at least 30 cases (${cases.length})`, () => {
    assert.ok(cases.length >= 30);
  });

  for (const badRequest of cases) {
    test(`${badRequest.name} → ${badRequest.status} ${badRequest.errorType}`, async () => {
      const response = await send(badRequest);
      assert.equal(response.status, badRequest.status);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body.error_type, badRequest.errorType);
      assert.equal(typeof body.message, 'string');
      assert.ok((body.message as string).length > 0);
      assert.equal(body.field, badRequest.field);
      assert.ok(!JSON.stringify(body).includes(TOKEN), 'an error body never carries the token');
    });
  }

  test('405 names the allowed methods and 401 the scheme', async () => {
    assert.equal((await send({ method: 'GET' })).headers.get('allow'), 'POST, OPTIONS');
    assert.equal((await send({ authorization: null, body: {} })).headers.get('www-authenticate'), 'Bearer');
  });

  test('a streamed body over the limit (no Content-Length) is refused with 413', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 2 * MAX_BODY_BYTES) controller.close();
        else controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    // Raw fetch on purpose: a streamed body without Content-Length, which our client never sends.
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'x-sora-target': TARGETS.createChannel },
      body,
      duplex: 'half',
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { error_type: string }).error_type, 'PAYLOAD-TOO-LARGE');
  });

  test('GetStats of an unknown connection of a real channel → 404 CONNECTION-NOT-FOUND', async () => {
    const created = await send({ body: channelWith({}) });
    assert.equal(created.status, 200);
    const { channel_id } = (await created.json()) as { channel_id: string };
    const response = await send({ target: TARGETS.getStats, body: { channel_id, connection_id: UNKNOWN_ID } });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      error_type: 'CONNECTION-NOT-FOUND',
      message: `No connection "${UNKNOWN_ID}" in this channel.`,
      field: 'connection_id',
    });
  });

  test('OPTIONS preflight answers 204 with CORS headers, without a token', async () => {
    // Raw fetch on purpose: a browser's CORS preflight, not an API call.
    const response = await fetch(emulator.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:8000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-sora-target',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'content-type', 'x-sora-target']) assert.ok(allowed.includes(header), header);
  });

  test('what the spec normalizes is taken, not refused: audio bps 0, 1, 64000.5; a positive startTimeOffset', async () => {
    for (const bps of [0, 1, 64000.5, -1, 1e21]) {
      const response = await send({ body: channelWith({ audio: { bps } }) });
      assert.equal(response.status, 200, `audio bps ${bps}`);
    }
    for (const startTimeOffset of [2, 0.5, 3600, -3600]) {
      const response = await send({ body: channelWith({ startTimeOffset }) });
      assert.equal(response.status, 200, `startTimeOffset ${startTimeOffset}`);
    }
    const limits = await send({ body: channelWith({ durationSeconds: 0.1, video: { width: 1, height: 1, fps: 1, bps: 1000 } }) });
    assert.equal(limits.status, 200, 'the smallest values within the emulator limits');
  });

  test('a push of deeply nested data to a real channel is a 400 naming the field, not a 500', async () => {
    const created = await send({ body: channelWith({}) });
    const { channel_id } = (await created.json()) as { channel_id: string };
    const body = `{"channel_id":"${channel_id}","data":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    const response = await send({ target: TARGETS.pushChannel, body });
    assert.equal(response.status, 400);
    const answer = (await response.json()) as { error_type: string; field: string };
    assert.equal(answer.error_type, 'EMULATOR-LIMIT');
    assert.equal(answer.field, `data.x${'[0]'.repeat(30)}`);
  });

  test('the emulator limits are told as such', async () => {
    const response = await send({ body: channelWithVideo({ bps: 1e21 }) });
    const body = (await response.json()) as { message: string };
    assert.match(body.message, /emulator limit/);
  });

  test('after all of that the emulator still answers a valid request', async () => {
    const response = await send({ body: channelWith({ audio: { bps: 64000 } }) });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const channel = (await response.json()) as Record<string, string>;
    assert.match(channel.channel_id ?? '', /^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
