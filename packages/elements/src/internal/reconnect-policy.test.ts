import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReconnectPolicy } from './reconnect-policy.js';

function delays(policy: ReconnectPolicy): number[] {
  const all: number[] = [];
  for (let delay = policy.nextDelay(); delay !== undefined; delay = policy.nextDelay()) all.push(delay);
  return all;
}

test('doubles from 0.5 s up to 8 s and stops after the last attempt', () => {
  const ceilings = delays(new ReconnectPolicy(7, 500, 8000, () => 1));
  assert.deepEqual(ceilings, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
});

test('each delay is drawn between half and all of its ceiling', () => {
  assert.deepEqual(delays(new ReconnectPolicy(3, 500, 8000, () => 0)), [250, 500, 1000]);
  const drawn = delays(new ReconnectPolicy(10));
  drawn.forEach((delay, index) => {
    const ceiling = Math.min(8000, 500 * 2 ** index);
    assert.ok(delay >= ceiling / 2 && delay <= ceiling, `attempt ${index + 1}: ${delay} ms`);
  });
});

test('counts attempts; zero attempts means none at all', () => {
  const policy = new ReconnectPolicy(2);
  policy.nextDelay();
  assert.equal(policy.attempt, 1);
  assert.equal(new ReconnectPolicy(0).nextDelay(), undefined);
});
