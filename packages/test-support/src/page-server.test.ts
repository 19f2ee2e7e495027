import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { startPageServer, type PageServer } from './page-server.js';

/** A GET with the raw bytes and headers (fetch would decompress and hide what was on the wire). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

const readme = fileURLToPath(new URL('README.md', import.meta.url));

describe('page server', () => {
  let plain: PageServer;
  let gzip: PageServer;
  before(async () => {
    plain = await startPageServer({ files: { '/readme.md': readme } });
    gzip = await startPageServer({ gzip: true });
  });
  after(async () => {
    await plain.close();
    await gzip.close();
  });

  test('serves the pages a test sets, with their headers, never cached', async () => {
    plain.page('/a.html', '<p>a</p>', { 'content-security-policy': "default-src 'self'" });
    const answer = await get(`${plain.url}/a.html`);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.toString(), '<p>a</p>');
    assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(answer.headers['content-security-policy'], "default-src 'self'");
    assert.equal(answer.headers['cache-control'], 'no-store');
  });

  test('serves extra files and repository files, and nothing outside the repository', async () => {
    assert.deepEqual((await get(`${plain.url}/readme.md`)).body, await readFile(readme));
    const packageJson = await get(`${plain.url}/repo/packages/test-support/package.json`);
    assert.equal(JSON.parse(packageJson.body.toString()).name, '@ifls/test-support');
    assert.equal((await get(`${plain.url}/repo/..%2F..%2Fetc/passwd`)).status, 404);
    assert.equal((await get(`${plain.url}/nothing-here`)).status, 404);
  });

  test('bundles a TypeScript module on request', async () => {
    const answer = await get(`${plain.url}/bundle/packages/test-support/src/sleep.ts`);
    assert.equal(answer.status, 200);
    assert.match(answer.body.toString(), /function sleep\(/);
  });

  test('with gzip, sends text compressed to a client that accepts it and plain to one that does not', async () => {
    gzip.page('/big.html', `<p>${'live '.repeat(2000)}</p>`);
    const compressed = await get(`${gzip.url}/big.html`, { 'accept-encoding': 'gzip, br' });
    assert.equal(compressed.headers['content-encoding'], 'gzip');
    assert.ok(compressed.body.length < 1000, `${compressed.body.length} bytes on the wire`);
    assert.equal(gunzipSync(compressed.body).toString(), `<p>${'live '.repeat(2000)}</p>`);
    const uncompressed = await get(`${gzip.url}/big.html`);
    assert.equal(uncompressed.headers['content-encoding'], undefined);
    assert.equal(uncompressed.body.toString(), `<p>${'live '.repeat(2000)}</p>`);
  });

  test('without gzip, sends text as is', async () => {
    plain.page('/big.html', `<p>${'live '.repeat(2000)}</p>`);
    const answer = await get(`${plain.url}/big.html`, { 'accept-encoding': 'gzip' });
    assert.equal(answer.headers['content-encoding'], undefined);
    assert.equal(answer.body.length, 10_007);
  });
});
