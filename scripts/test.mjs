#!/usr/bin/env node
// Runs every test suite of the repository and ends with one line "N passed, N failed".
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
    else if (entry.name.endsWith('.test.ts') || entry.name.endsWith('.test.mjs')) found.push(path);
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

/** Node suites: every *.test.ts outside the browser package, one process per file. */
async function runNodeSuites(files) {
  const scratch = mkdtempSync(join(tmpdir(), 'ifls-test-'));
  const countFile = join(scratch, 'counts.json');
  const code = await run(
    process.execPath,
    [
      '--import', 'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/count-reporter.mjs', '--test-reporter-destination=stderr',
      ...files,
    ],
    { IFLS_COUNT_FILE: countFile },
  );
  let counts = { passed: 0, failed: 0 };
  try {
    counts = JSON.parse(readFileSync(countFile, 'utf8'));
  } catch {
    counts.failed = 1; // the runner died before reporting: count it as a failure, never as a pass
  }
  rmSync(scratch, { recursive: true, force: true });
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

await ensureTestTools(); // sets CHROME_PATH and FFMPEG_PATH for the suites
const nodeFiles = findTests(join(root, 'packages'))
  .concat(findTests(join(root, 'demo')))
  .concat(findTests(join(root, 'scripts')))
  .filter((file) => relative(root, file).includes(filter));

const total = { passed: 0, failed: 0 };
if (nodeFiles.length > 0) {
  const counts = await runNodeSuites(nodeFiles.map((file) => relative(root, file)));
  total.passed += counts.passed;
  total.failed += counts.failed;
}
console.log(`\n${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
