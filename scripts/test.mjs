#!/usr/bin/env node
// Runs every test suite of the repository and ends with one line "N passed, N failed":
// the node:test suites (one process per file), then the elements' browser suites under
// @web/test-runner, once per engine (Chromium, Firefox ESR, WebKitGTK; IFLS_ENGINES picks some).
// Usage: node scripts/test.mjs [path-filter]   (after `npm run build`; `npm test` does both)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestTools } from './test-tools.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2] ?? '';

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (/\.test\.(ts|mjs)$/.test(entry.name)) found.push(path);
  }
  return found;
}

function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    // Forward Ctrl-C so suites end their own emulators and browsers.
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 1);
    });
  });
}

const isBrowserTest = (file) => file.endsWith('.browser.test.ts');

/**
 * Runs one test runner that writes its counts to IFLS_COUNT_FILE (scripts/count-reporter.mjs for
 * node:test, packages/elements/src/test/wtr/count-reporter.ts for @web/test-runner).
 */
async function runCounted(args, env = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'ifls-test-'));
  const countFile = join(scratch, 'counts.json');
  const code = await run(process.execPath, args, { ...env, IFLS_COUNT_FILE: countFile });
  let counts = { passed: 0, failed: 0, died: false };
  try {
    counts = JSON.parse(readFileSync(countFile, 'utf8'));
  } catch {
    // The runner died before reporting: count it as a failure, never as a pass.
    counts.failed = 1;
    counts.died = true;
  }
  rmSync(scratch, { recursive: true, force: true });
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** Node suites: every *.test.ts / *.test.mjs but the browser suites, one process per file. */
function runNodeSuites(files) {
  return runCounted([
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/count-reporter.mjs',
    '--test-reporter-destination=stderr',
    ...files,
  ]);
}

/** The elements' *.browser.test.ts under @web/test-runner (web-test-runner.config.mjs), one engine at a time. */
function runBrowserSuites(files, engine) {
  const bin = join(root, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js');
  return runCounted([bin, '--files', ...files], { IFLS_ENGINES: engine });
}

/**
 * WebKitGTK, one file per runner: there a page can hang for good (a deadlock in its GStreamer
 * MediaSource, on the page's main thread; see CONTRIBUTING.md, "WebKitGTK"), and a hung page takes
 * its whole runner down with it. A file whose page never finished (or whose runner died) runs once
 * more, and says so; what the second run counts is what counts.
 */
async function runWebKitSuites(files) {
  const total = { passed: 0, failed: 0, rerun: [] };
  for (const file of files) {
    let counts = await runBrowserSuites([file], 'webkit');
    if (counts.unfinished > 0 || counts.died) {
      console.log(`\nWebKitGTK: ${file} did not finish (its page hung); running it once more\n`);
      total.rerun.push(file);
      counts = await runBrowserSuites([file], 'webkit');
    }
    total.passed += counts.passed;
    total.failed += counts.failed;
  }
  return total;
}

await ensureTestTools(); // sets CHROME_PATH, FIREFOX_PATH, WEBKIT_DRIVER_PATH and FFMPEG_PATH for the suites
const files = findTests(join(root, 'packages'))
  .concat(findTests(join(root, 'demo')))
  .concat(findTests(join(root, 'scripts')))
  .map((file) => relative(root, file))
  .filter((file) => file.includes(filter));
const nodeFiles = files.filter((file) => !isBrowserTest(file));
const browserFiles = files.filter(isBrowserTest);
const engines = (process.env.IFLS_ENGINES || 'chromium,firefox,webkit').split(',');

const total = { passed: 0, failed: 0 };
const lines = [];
const add = (label, counts) => {
  total.passed += counts.passed;
  total.failed += counts.failed;
  // Worded unlike the closing line, which alone carries the total.
  const rerun = counts.rerun?.length ? ` (run twice, the first run's page hung: ${counts.rerun.join(', ')})` : '';
  lines.push(`  ${label}: ${counts.passed} ok, ${counts.failed} failed${rerun}`);
};
if (nodeFiles.length > 0) add('node:test', await runNodeSuites(nodeFiles));
if (browserFiles.length > 0) {
  for (const engine of engines) {
    const counts = engine === 'webkit' ? await runWebKitSuites(browserFiles) : await runBrowserSuites(browserFiles, engine);
    add(`web-test-runner ${engine}`, counts);
  }
}
console.log(`\n${lines.join('\n')}`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
