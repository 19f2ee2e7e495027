// The endpoint alone, with handlers that misbehave: unexpected failures become a logged 500, never a crash.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ImageFluxApiError, ImageFluxClient, TARGETS } from '@ifls/api';
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
  let client: ImageFluxClient;

  before(async () => {
    const endpoint = new ApiEndpoint({ handlers, tenants: new Set([tenantOf(TOKEN)]), log: (line) => lines.push(line) });
    server = createServer((request, response) => void endpoint.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new ImageFluxClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, accessToken: TOKEN });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const internalError = (error: unknown) =>
    error instanceof ImageFluxApiError && error.status === 500 && error.errorType === 'INTERNAL-ERROR';

  test('a handler that throws answers 500 INTERNAL-ERROR and is logged', async () => {
    await assert.rejects(client.deleteChannel('x'), internalError);
    assert.ok(lines.some((line) => line.includes('handler exploded')));
  });

  test('a handler that rejects answers 500 too, and the endpoint keeps answering', async () => {
    await assert.rejects(client.listArchiveDestination(), internalError);
    assert.ok(lines.some((line) => line.includes('async handler exploded')));
    assert.deepEqual(await client.listConnections('x'), []);
  });

  test('each request is logged with its target and status, never with the token', async () => {
    await client.listConnections('x');
    assert.ok(lines.includes(`POST / ${TARGETS.listConnections} 200`), lines.join('\n'));
    assert.ok(lines.every((line) => !line.includes(TOKEN)));
  });
});
