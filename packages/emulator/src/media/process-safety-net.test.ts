/**
 * The CLI's last resort: an error no handler caught is logged as a BUG and the process goes on.
 * Run in a child process, since it changes how the whole process treats such errors.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SAFETY_NET_MARKER } from './process-safety-net.js';

const MODULE = fileURLToPath(new URL('./process-safety-net.ts', import.meta.url));

const SCRIPT = `
const { installProcessSafetyNet } = await import(${JSON.stringify(MODULE)});
installProcessSafetyNet();
setTimeout(() => { throw new RangeError('Maximum call stack size exceeded'); }, 10);
setTimeout(() => { Promise.reject(new Error('nobody awaits this')); }, 20);
setTimeout(() => { console.log('still serving'); }, 200);
`;

test('an uncaught exception and an unhandled rejection are logged as BUGs; the process goes on', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, stderr);
  assert.match(stdout, /still serving/);
  assert.equal(stderr.split(SAFETY_NET_MARKER).length - 1, 2, stderr);
  assert.match(stderr, new RegExp(`${SAFETY_NET_MARKER} exception[^]*Maximum call stack size exceeded`));
  assert.match(stderr, new RegExp(`${SAFETY_NET_MARKER} promise rejection[^]*nobody awaits this`));
});
