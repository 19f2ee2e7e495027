#!/usr/bin/env node
// `npm run lint`: every static check, each to the end even when an earlier one failed, then one
// line per check; exits 1 on any finding. `node scripts/lint.mjs eslint prettier` runs only those.
//   tsc           builds the packages' declarations (`tsc -b`, what demo and bench import), then
//                 type-checks every project of scripts/lint/projects.mjs strictly, and fails on a
//                 TypeScript file that no project covers
//   eslint        eslint.config.mjs, no warnings allowed
//   lit-analyzer  the elements' template bindings (--strict)
//   prettier      --check with .prettierrc.json (`npm run format` rewrites)
//   code-shape    no import cycle in packages/*/src, no file there over 350 lines (tests aside)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeCheckedProjects } from './lint/projects.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Runs a command, its output shown as it comes (or captured, for tsc's file list); resolves its exit code. */
function run(command, args, { cwd = root, capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let stdout = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolve({ code: 1, stdout });
    });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), stdout }));
  });
}

/** TypeScript files in the working tree that git would commit (tracked, or new and not ignored). */
async function typeScriptFiles() {
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'], { capture: true });
  return stdout.split('\n').filter((file) => file !== '' && existsSync(join(root, file)));
}

async function tsc() {
  // Incremental: nothing to do when dist/ is current; the packages' build configs leave tests out.
  if ((await run(bin('tsc'), ['-b', 'tsconfig.json'])).code !== 0) return false;
  // tsc uses one core: check the projects side by side, each printing its diagnostics when done.
  const queue = [...typeCheckedProjects];
  const checked = new Set();
  let ok = true;
  const worker = async () => {
    for (let project = queue.shift(); project !== undefined; project = queue.shift()) {
      const { code, stdout } = await run(bin('tsc'), ['-p', project, '--noEmit', '--listFiles'], { capture: true });
      for (const line of stdout.split('\n')) {
        // --listFiles prints absolute paths; everything else is a diagnostic.
        if (isAbsolute(line)) checked.add(relative(root, line));
        else if (line.trim() !== '') console.log(line);
      }
      if (code !== 0) {
        console.log(`tsc -p ${project}: failed`);
        ok = false;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(2, availableParallelism()) }, worker));
  const unchecked = (await typeScriptFiles()).filter((file) => !checked.has(file));
  for (const file of unchecked) console.log(`${file}: no project in scripts/lint/projects.mjs type-checks it`);
  return ok && unchecked.length === 0;
}

const checks = {
  tsc,
  eslint: async () => (await run(bin('eslint'), ['--max-warnings', '0', '.'])).code === 0,
  // From the package folder: lit-analyzer reads the nearest tsconfig.json of its working directory.
  // Its CSS data predates properties such as `accent-color`, so CSS checks stay with the browsers.
  'lit-analyzer': async () =>
    (
      await run(bin('lit-analyzer'), ['--strict', '--maxWarnings', '0', '--format', 'list', '--rules.no-invalid-css', 'off', 'src'], {
        cwd: join(root, 'packages', 'elements'),
      })
    ).code === 0,
  prettier: async () => (await run(bin('prettier'), ['--check', '--log-level', 'warn', '.'])).code === 0,
  'code-shape': async () => (await run(process.execPath, [join(root, 'scripts', 'lint', 'code-shape.mjs')])).code === 0,
};

const chosen = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(checks);
const unknown = chosen.filter((name) => !(name in checks));
if (unknown.length > 0) {
  console.error(`unknown check ${unknown.join(', ')} (known: ${Object.keys(checks).join(', ')})`);
  process.exit(2);
}

const results = [];
for (const name of chosen) {
  console.log(`\n── ${name}`);
  const started = Date.now();
  const ok = await checks[name]();
  results.push(`  ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log(`\n${results.join('\n')}`);
process.exit(results.some((line) => line.includes('FAILED')) ? 1 : 0);
