import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sleep } from './sleep.js';

test('sleep resolves after the time', async () => {
  const start = performance.now();
  await sleep(50);
  assert.ok(performance.now() - start >= 45);
});

test('sleep rejects with the reason as soon as its signal aborts', async () => {
  const controller = new AbortController();
  const start = performance.now();
  setTimeout(() => controller.abort(new Error('stopped')), 20);
  await assert.rejects(sleep(10_000, controller.signal), /stopped/);
  assert.ok(performance.now() - start < 5_000);
});

test('sleep rejects at once when its signal has aborted already', async () => {
  await assert.rejects(sleep(10_000, AbortSignal.abort(new Error('before'))), /before/);
});
