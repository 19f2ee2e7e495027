// The endpoint alone, with handlers that misbehave: unexpected failures become a logged 500, never a crash.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { TARGETS } from '@ifls/api';
import { tenantOf } from '../store/tenant.js';
import { ApiEndpoint } from './api-endpoint.js';
import type { TargetHandlers } from './target-handlers.js';

const TOKEN = 'endpoint-secret-token';

const failing = () => {
  throw new Error('handler exploded');
};
const handlers = Object.fromEntries(Object.values(TARGETS).map((target) => [target, failing])) as unknown as TargetHandlers;
handlers[TARGETS.listArchiveDestination] = async () => Promise.reject(new TypeError('async handler exploded'));
handlers[TARGETS.listConnections] = () => [];

describe('ApiEndpoint', () => {
  const lines: string[] = [];
  let server: Server;
  let url: string;

  before(async () => {
    const endpoint = new ApiEndpoint({ handlers, tenants: new Set([tenantOf(TOKEN)]), log: (line) => lines.push(line) });
    server = createServer((request, response) => void endpoint.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = (target: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'x-sora-target': target },
      body: JSON.stringify(body),
    });

  test('a handler that throws answers 500 INTERNAL-ERROR and is logged', async () => {
    const response = await call(TARGETS.deleteChannel, { channel_id: 'x' });
    assert.equal(response.status, 500);
    assert.equal(((await response.json()) as { error_type: string }).error_type, 'INTERNAL-ERROR');
    assert.ok(lines.some((line) => line.includes('handler exploded')));
  });

  test('a handler that rejects answers 500 too, and the endpoint keeps answering', async () => {
    assert.equal((await call(TARGETS.listArchiveDestination, {})).status, 500);
    assert.ok(lines.some((line) => line.includes('async handler exploded')));
    const response = await call(TARGETS.listConnections, { channel_id: 'x' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), []);
  });

  test('each request is logged with its target and status, never with the token', async () => {
    await call(TARGETS.listConnections, { channel_id: 'x' });
    assert.ok(lines.includes(`POST / ${TARGETS.listConnections} 200`), lines.join('\n'));
    assert.ok(lines.every((line) => !line.includes(TOKEN)));
  });
});
