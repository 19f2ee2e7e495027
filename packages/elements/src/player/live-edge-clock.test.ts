import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveEdgeClock } from './live-edge-clock.js';

/** Segment n (1 s long) ends at media time n + 1 and comes out `offset` ms after that, wall clock. */
const offset = 12_345.6;
const endOf = (sequence: number) => sequence + 1;
const newestAt = (time: number) => Math.floor((time - offset) / 1000) - 1;

test('one look bounds the edge within a segment; looks where it suggests narrow it to tens of ms within a few segments', () => {
  const clock = new LiveEdgeClock();
  let now = 20_000.3;
  clock.see({ at: now, sequence: newestAt(now) });
  let bounds = clock.offsetBounds(endOf, 1)!;
  assert.ok(bounds[0] <= offset && offset <= bounds[1]);
  assert.ok(bounds[1] - bounds[0] <= 1100);

  let looks = 0;
  for (; looks < 20; looks++) {
    const lookAt = clock.nextLookAt(endOf(newestAt(now)), 1, bounds, now);
    if (lookAt === undefined) break;
    now = lookAt;
    clock.see({ at: now, sequence: newestAt(now) });
    bounds = clock.offsetBounds(endOf, 1)!;
  }
  assert.ok(bounds[0] <= offset && offset <= bounds[1], `[${bounds[0]}, ${bounds[1]}] holds ${offset}`);
  assert.ok(bounds[1] - bounds[0] <= 100, `narrowed to ${bounds[1] - bounds[0]} ms`);
  assert.ok(now - 20_000.3 <= 4000, `in ${Math.round(now - 20_000.3)} ms (${looks} looks)`);
  const published = clock.publishedAt(endOf(newestAt(now)), bounds);
  assert.ok(Math.abs(published - (endOf(newestAt(now)) * 1000 + offset)) <= 50);
});

test('after a jump in the stream, the newest looks win', () => {
  const clock = new LiveEdgeClock();
  for (const at of [20_100, 21_400, 22_700]) clock.see({ at, sequence: newestAt(at) });
  // The encoder restarted: the same sequence numbers now come out 3.5 s later.
  const later = (time: number) => newestAt(time - 3500);
  for (const at of [30_100, 31_400]) clock.see({ at, sequence: later(at) });
  const [low, high] = clock.offsetBounds(endOf, 1)!;
  assert.ok(low <= offset + 3500 && offset + 3500 <= high, `${low}..${high}`);
});

test('knows nothing before the first look', () => {
  assert.equal(new LiveEdgeClock().offsetBounds(endOf, 1), undefined);
});
