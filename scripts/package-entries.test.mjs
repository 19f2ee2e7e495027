// What a user gets after `npm install && npm run build`: plain Node (no TypeScript loader)
// imports @ifls/api and @ifls/elements/react by their package names, and the emulator's bin runs.
// scripts/package-install.test.mjs does the same from packed tarballs in a project of its own.
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

test('plain node imports @ifls/elements/react and server-renders both tags, as a React framework does before hydration', async () => {
  const script = `
    import { createElement } from 'react';
    import { renderToString } from 'react-dom/server';
    import { IflsPlayer, IflsPublisher } from '@ifls/elements/react';
    const page = createElement('main', null,
      createElement(IflsPublisher, { channelId: 'c', onIflsStateChange: () => {} }),
      createElement(IflsPlayer, { src: '/hls/live.m3u8', muted: true }));
    console.log(IflsPublisher.displayName, IflsPlayer.displayName, renderToString(page));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
  assert.equal(stdout.trim(), 'IflsPublisher IflsPlayer <main><ifls-publisher></ifls-publisher><ifls-player></ifls-player></main>');
});
