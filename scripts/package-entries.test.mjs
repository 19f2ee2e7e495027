// What a user gets after `npm install && npm run build`: plain Node (no TypeScript loader)
// imports @ifls/api by its package name, and the emulator's bin runs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

test('plain node imports ImageFluxClient, ImageFluxApiError and normalizeAudioBitrate from @ifls/api', async () => {
  const script = `
    import { ImageFluxClient, ImageFluxApiError, normalizeAudioBitrate } from '@ifls/api';
    console.log(typeof ImageFluxClient, typeof ImageFluxApiError, normalizeAudioBitrate(70000));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
  assert.equal(stdout.trim(), 'function function 64000');
});

test('node_modules/.bin/ifls-emulator runs and explains itself', async () => {
  const { stdout } = await run(`${root}/node_modules/.bin/ifls-emulator`, ['--help'], { cwd: root });
  assert.match(stdout, /--port/);
  assert.match(stdout, /--token/);
  assert.match(stdout, /--data-dir/);
});
