// What someone gets from the published packages, without this repository: each public package is
// packed with `npm pack`, the tarballs are installed into a fresh project outside the repository (no
// workspace links), and that project then
//   (a) uses @ifls/api from plain Node against @ifls/emulator started from its own installed CLI;
//   (b) bundles @ifls/elements with esbuild into a page that publishes and plays in Chromium;
//   (c) loads the CDN bundle shipped in the tarball with one <script type="module"> tag;
//   and renders both elements under React 19 through @ifls/elements/react, type-checked with tsc.
// Needs `npm run build` first (npm test builds). Fixtures: scripts/package-install/.
import { ImageFluxClient } from '@ifls/api';
import { launchChromium } from '@ifls/emulator/testing';
import { build } from 'esbuild';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'scripts', 'package-install');
const token = 'package-install-token';
const hls = [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 360, fps: 30, bps: 800_000 } }];

const execFileAsync = promisify(execFile);
/** Runs a command to its end; its output is in the error when it fails. */
async function run(command, args, cwd, env = {}) {
  try {
    return await execFileAsync(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`, { cause: error });
  }
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The workspaces that are not private, by folder: what `npm publish` would publish. */
function publicPackages() {
  return readJson(join(root, 'package.json'))
    .workspaces.map((folder) => ({ folder, manifest: readJson(join(root, folder, 'package.json')) }))
    .filter(({ manifest }) => manifest.private !== true);
}

/** The emulator's CLI from the project's node_modules/.bin, in a process group of its own (ffmpeg included). */
async function startInstalledEmulator(project) {
  const child = spawn(join(project, 'node_modules', '.bin', 'ifls-emulator'), ['--port', '0', '--token', token], {
    cwd: project,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text) => (output += text));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  /** SIGTERM lets it end its ffmpeg; the whole group is killed if it has not ended after 5 s. */
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid, 'SIGTERM');
    const ended = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(resolve, 5_000, false))]);
    if (!ended) {
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
  };
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the installed emulator printed no banner in 20 s:\n${output}`)), 20_000);
    child.stdout.on('data', () => {
      const endpoint = /API endpoint:\s+(\S+)/.exec(output);
      if (endpoint && output.includes('Stop with Ctrl-C.')) {
        clearTimeout(timer);
        resolve(endpoint[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the installed emulator exited (${code}) before it listened:\n${output}`));
    });
  });
  try {
    return { url: await listening, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const contentTypes = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };

/** Serves the project's files from http://127.0.0.1 (a secure context: camera and MediaSource work). */
async function startFileServer(folder) {
  const server = createServer(async (request, response) => {
    const file = normalize(join(folder, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    if (!file.startsWith(folder + '/') || !existsSync(file)) return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Bundles entry points of the project with the repository's esbuild, as an application's build does. */
function bundle(project, entries, outdir) {
  return build({
    absWorkingDir: project,
    entryPoints: entries.map((entry) => join(project, entry)),
    outdir: join(project, outdir),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    metafile: true,
    logLevel: 'silent',
  });
}

/** The seconds of video the player's own <video> has played. */
function playedSeconds(page) {
  return page.evaluate(() => document.querySelector('ifls-player').shadowRoot.querySelector('video').currentTime);
}

/** Opens the page, gives both elements a new channel, starts the publisher: it goes live and the player plays it. */
async function publishAndPlay(browser, client, url) {
  const channel = await client.createChannel({ hls });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await page.goto(url);
    await page.waitForFunction(() => customElements.get('ifls-publisher') && customElements.get('ifls-player'), null, { timeout: 15_000 });
    await page.evaluate((channel) => {
      const publisher = document.querySelector('ifls-publisher');
      publisher.channel = channel;
      document.querySelector('ifls-player').channel = channel;
      void publisher.start();
    }, channel);
    await page.locator('ifls-publisher[state="live"]').waitFor({ timeout: 30_000 });
    await page.locator('ifls-player[state="playing"]').waitFor({ timeout: 30_000 });
    const before = await playedSeconds(page);
    await page.waitForTimeout(1_000);
    assert.ok((await playedSeconds(page)) > before, 'the video moves on');
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
    await client.deleteChannel(channel.channel_id);
  }
}

describe('the packed packages, installed into a fresh project', { timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'ifls-package-install-'));
  const project = join(work, 'project');
  const packed = new Map(); // folder -> npm pack's report (files, filename)
  let emulator;
  let browser;
  let server;
  let client;

  before(async () => {
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    for (const { folder } of publicPackages()) {
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tarballs, '-w', folder], root);
      packed.set(folder, JSON.parse(stdout)[0]);
    }
    cpSync(fixtures, project, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'ifls-fresh-project', private: true, type: 'module' }));
    // React and its types at the versions the repository has, so npm finds them in its cache.
    const version = (name) => readJson(join(root, 'node_modules', name, 'package.json')).version;
    const react = ['react', 'react-dom', '@types/react', '@types/react-dom'].map((name) => `${name}@${version(name)}`);
    const files = [...packed.values()].map((report) => join(tarballs, report.filename));
    await run('npm', ['install', ...files, ...react, '--prefer-offline', '--no-audit', '--no-fund'], project);
    // One after the other, so that a failure of the first leaves nothing of the second running.
    emulator = await startInstalledEmulator(project);
    browser = await launchChromium();
    server = await startFileServer(project);
    client = new ImageFluxClient({ endpoint: emulator.url, accessToken: token });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('every public package says its license, repository, engines and types, and ships what its exports name', () => {
    assert.deepEqual(
      publicPackages().map(({ manifest }) => manifest.name),
      ['@ifls/api', '@ifls/emulator', '@ifls/elements'],
    );
    for (const { folder, manifest } of publicPackages()) {
      const files = new Set(packed.get(folder).files.map((file) => file.path));
      assert.equal(manifest.license, 'MIT', folder);
      assert.equal(manifest.repository?.directory, folder);
      assert.match(manifest.engines?.node ?? '', /^>=\d+/, folder);
      assert.ok(files.has(manifest.types.replace('./', '')), `${folder}: types ${manifest.types} is packed`);
      for (const target of Object.values(manifest.bin ?? {})) assert.ok(files.has(target.replace('./', '')), `${folder}: bin ${target}`);
      for (const [entry, conditions] of Object.entries(manifest.exports)) {
        for (const target of typeof conditions === 'string' ? [conditions] : Object.values(conditions)) {
          // A pattern (`./dist/define/*.js`) must match packed files; anything else must be one.
          const pattern = new RegExp(`^${target.replace('./', '').replaceAll('.', '\\.').replace('*', '[^/]+')}$`);
          assert.ok(
            [...files].some((file) => pattern.test(file)),
            `${folder}: export ${entry} -> ${target} is packed`,
          );
        }
      }
      for (const file of files) assert.doesNotMatch(file, /\.test\.|^dist\/test\//, `${folder} ships no tests`);
    }
    assert.equal(readJson(join(root, 'packages/api/package.json')).sideEffects, false);
    assert.deepEqual(readJson(join(root, 'packages/elements/package.json')).sideEffects, ['./dist/define/*.js', './dist/react/*.js']);
  });

  test('the CDN bundles are in the tarball, with only the chunks they load', () => {
    const cdn = join(project, 'node_modules/@ifls/elements/dist/cdn');
    const entries = ['ifls.js', 'ifls-player.js', 'ifls-publisher.js'];
    for (const entry of entries) assert.ok(existsSync(join(cdn, entry)), entry);
    const chunks = readdirSync(join(cdn, 'chunks')).filter((file) => file.endsWith('.js'));
    assert.ok(
      chunks.some((chunk) => chunk.startsWith('hls-engine-')),
      'hls.js has its own chunk',
    );
    const code = new Map(
      [...entries, ...chunks.map((chunk) => `chunks/${chunk}`)].map((file) => [file, readFileSync(join(cdn, file), 'utf8')]),
    );
    for (const chunk of chunks) {
      // Another file imports it; a chunk named by no one is left over from an older build.
      const importers = [...code].filter(([file, text]) => file !== `chunks/${chunk}` && text.includes(`${chunk}"`));
      assert.notDeepEqual(importers, [], `chunks/${chunk} is loaded by a bundle`);
    }
  });

  test('(a) plain Node: @ifls/api creates, lists and deletes a channel on the installed emulator', async () => {
    const env = { IFLS_API_URL: emulator.url, IFLS_ACCESS_TOKEN: token };
    const { stdout } = await run(process.execPath, ['api-check.mjs'], project, env);
    const seen = JSON.parse(stdout);
    assert.match(seen.channel.channel_id, /\S/);
    assert.match(seen.channel.sora_url, /^ws:\/\/127\.0\.0\.1:\d+\/signaling$/);
    assert.match(seen.channel.playlist_url, /^http:\/\/127\.0\.0\.1:\d+\/.*\.m3u8$/);
    assert.deepEqual(seen.connections, []);
    assert.equal(seen.deleted.channel_id, seen.channel.channel_id);
    assert.match(seen.afterDelete, /^4\d\d \S+/);
  });

  test('(b) esbuild bundles @ifls/elements into a page that publishes and plays', async () => {
    const result = await bundle(project, ['bundled/app.ts', 'bundled/events-only.ts'], 'bundled/out');
    // sideEffects: an import of one event class leaves the elements, Lit and sora-js-sdk out.
    const [file, output] = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === 'bundled/events-only.ts');
    assert.ok(output.bytes < 2_000, `the events-only bundle is ${output.bytes} bytes`);
    assert.doesNotMatch(readFileSync(join(project, file), 'utf8'), /customElements|LitElement/);
    await publishAndPlay(browser, client, `${server.url}/bundled/index.html`);
  });

  test('(c) one <script type="module"> tag loads the CDN bundle: it publishes and plays', async () => {
    await publishAndPlay(browser, client, `${server.url}/cdn/index.html`);
  });

  test("React 19: the components type-check with the elements' props and events", async () => {
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(project, 'tsconfig.json')], project);
  });

  test('React 19: IflsPublisher and IflsPlayer render, take props, expose the element by ref and report events', async () => {
    await bundle(project, ['react/app.tsx'], 'react/out');
    const channel = await client.createChannel({ hls });
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    // React's warnings (an unknown prop, a key) are console errors; a 404 of the playlist before the stream starts is not one.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
    });
    try {
      await page.goto(`${server.url}/react/index.html?channel=${encodeURIComponent(JSON.stringify(channel))}`);
      const startButton = page.locator('ifls-publisher [part="start-button"]');
      assert.equal((await startButton.textContent({ timeout: 10_000 }))?.trim(), 'Go live');
      await page.click('#rename');
      await page.waitForFunction(
        () =>
          document.querySelector('ifls-publisher').shadowRoot.querySelector('[part="start-button"]')?.textContent?.trim() ===
          'Start broadcasting',
        null,
        { timeout: 5_000 },
      );
      await page.click('#go-live');
      await page.waitForFunction(() => document.querySelector('#publisher-state').textContent === 'live', null, { timeout: 30_000 });
      assert.equal(await page.getAttribute('ifls-publisher', 'state'), 'live');
      await page.waitForFunction(() => document.querySelector('#player-states').textContent.split(' ').includes('playing'), null, {
        timeout: 30_000,
      });
      assert.equal(await page.getAttribute('ifls-player', 'state'), 'playing');
      const before = await playedSeconds(page);
      await page.waitForTimeout(1_000);
      assert.ok((await playedSeconds(page)) > before, 'the video moves on');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      await client.deleteChannel(channel.channel_id);
    }
  });
});
