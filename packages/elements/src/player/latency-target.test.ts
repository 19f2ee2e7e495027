import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatencyTarget } from './latency-target.js';

/** A target on a clock the test moves; 1 s segments, 2 s asked for. */
function target(requested = 2, segment = 1) {
  let now = 0;
  const latency = new LatencyTarget(() => now);
  latency.configure(requested, segment);
  return {
    latency,
    /** The network drops for `seconds`: a load fails now, and nothing lands meanwhile. */
    drop(seconds: number) {
      latency.lost();
      now += seconds * 1000;
    },
    /** One segment a second for `seconds`: fetched in `fetch` s, landing with `margin` s to spare at `at` s of latency. */
    play(seconds: number, { fetch = 0.05, margin = 0.9, at = latency.value! } = {}) {
      for (let second = 0; second < seconds; second++) {
        now += 1000;
        latency.fetched(fetch, 0.01);
        latency.landed(margin, at);
      }
    },
  };
}

test('holds the distance asked for while the network carries it', () => {
  const { latency, play } = target();
  play(60);
  assert.equal(latency.value, 2);
  assert.equal(latency.requested, 2);
});

test('never aims closer than one target duration', () => {
  assert.equal(target(0.5, 1).latency.value, 1);
  assert.equal(target(0, 2).latency.value, 2);
  assert.equal(target(6, 1).latency.value, 6);
});

test('moves back by what slow segments need, then creeps back once they are fast again', () => {
  const { latency, play } = target();
  // Segments take 1.5 s: a segment, the playlist round trip, the fetch and a margin.
  play(10, { fetch: 1.5, margin: 0.5 });
  assert.equal(latency.value, 2.66);
  play(7, { margin: 1.5 });
  assert.equal(latency.value, 2.66, 'nothing moves while slow fetches are among the last eight');
  play(60, { margin: 1.5 });
  assert.equal(latency.value, 2, 'back to the distance asked for');
});

test('after a stall, holds the latency it stalled to, plus a margin; steps back only with room to spare', () => {
  const { latency, play } = target();
  // The buffer ran dry: a segment lands with nothing ahead, 4 s behind the edge.
  play(1, { margin: -0.2, at: 4 });
  assert.equal(latency.value, 4.15);
  play(30, { margin: 0.3 });
  assert.equal(latency.value, 4.15, 'too little room to step back without risking the next stall');
  play(60, { margin: 2.5 });
  assert.equal(latency.value, 2);
});

test('a step back followed by trouble makes the next wait longer: no stall loop', () => {
  const { latency, play } = target();
  play(1, { margin: 0, at: 3 });
  assert.equal(latency.value, 3.15);
  // Calm for 10 s, then a step back, after which segments land late again.
  play(11, { margin: 1.5 });
  assert.equal(latency.value, 2.9);
  play(1, { margin: 0, at: 3 });
  assert.equal(latency.value, 3.15);
  play(15, { margin: 1.5 });
  assert.equal(latency.value, 3.15, 'the calm spell doubled to 20 s');
  play(10, { margin: 1.5 });
  assert.ok(latency.value < 3.15);
});

test('never moves back further than a few segments beyond the distance asked for', () => {
  const { latency, play } = target();
  play(1, { margin: 0, at: 30 });
  assert.equal(latency.value, 2 + 4);
});

test('after an outage, grows until the buffer at its lowest outlasts another as long at the slowest rate, and holds 30 s', () => {
  const { latency, play, drop } = target();
  // Held at 2 s, segments land with 0.4 s still buffered: the lowest the buffer runs.
  play(10, { margin: 0.4 });
  // 3.5 s from the first failed load to the first segment after it; playback at half speed meanwhile.
  drop(3.5);
  latency.recovered(0.5);
  assert.equal(latency.value, 2 + 0.5 * 3.5 + 0.15 - 0.4);
  // At 3.5 s segments land with 1.9 s to spare: the next drop as long asks for no more.
  play(16, { margin: 1.9 });
  drop(3.5);
  latency.recovered(0.5);
  assert.equal(latency.value, 3.5);
  play(16, { margin: 1.9 });
  assert.equal(latency.value, 3.5, 'no step back within 30 s of a drop');
  play(30, { margin: 1.9 });
  assert.ok(latency.value < 3.5, 'then it creeps back');
});

test('where playback cannot run slower, an outage asks for its whole length', () => {
  const { latency, play, drop } = target();
  play(10, { margin: 0.4 });
  drop(3);
  latency.recovered(1);
  assert.equal(latency.value, 4.75);
});

test('a stall after the network was lost moves the target like any other; it holds 30 s from the latest loss', () => {
  const { latency, play, drop } = target();
  play(10);
  drop(3);
  latency.recovered(0.5);
  const afterDrop = latency.value!;
  play(16, { margin: 3 });
  // A segment lands with the buffer run dry, 4.6 s behind the edge.
  play(1, { margin: -0.4, at: 4.6 });
  assert.equal(latency.value, 4.75);
  play(5, { margin: 3 });
  drop(3);
  latency.recovered(0.5);
  play(16, { margin: 3 });
  assert.equal(latency.value, 4.75, 'no step back within 30 s of a drop');
  play(30, { margin: 3 });
  assert.ok(latency.value < 4.75 && afterDrop < 4.75, 'then it creeps back');
});
