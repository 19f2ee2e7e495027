import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sleep } from './abortable-sleep.js';

test('resolves after the delay', async () => {
  const started = Date.now();
  await sleep(30, new AbortController().signal);
  assert.ok(Date.now() - started >= 25, `${Date.now() - started} ms`);
});

test('rejects with the reason as soon as the signal aborts, and at once when it already has', async () => {
  const controller = new AbortController();
  const started = Date.now();
  const sleeping = sleep(10_000, controller.signal);
  setTimeout(() => controller.abort(new Error('stopped')), 10);
  await assert.rejects(sleeping, /stopped/);
  assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
  await assert.rejects(sleep(10_000, controller.signal), /stopped/);
});
