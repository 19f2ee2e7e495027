import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonDepth, messageMaxDepth, metadataMaxBytes, metadataProblem } from './metadata.js';

/** `levels` arrays nested one inside the other, the innermost empty: `[[…[]…]]`. */
function nested(levels: number): unknown {
  let value: unknown[] = [];
  for (let level = 1; level < levels; level++) value = [value];
  return value;
}

/** An object whose JSON takes exactly `bytes` bytes: `{"pad":"xxx…"}`. */
function ofBytes(bytes: number, char = 'x'): Record<string, string> {
  const frame = JSON.stringify({ pad: '' }).length;
  return { pad: char.repeat(bytes - frame) };
}

test("the bounds are the emulator's: 64 KiB of JSON, 32 levels in a signaling message", () => {
  assert.equal(metadataMaxBytes, 65_536);
  assert.equal(messageMaxDepth, 32);
});

test('jsonDepth counts objects and arrays nested one inside the other, not brackets inside strings', () => {
  assert.equal(jsonDepth('1'), 0);
  assert.equal(jsonDepth('"[[{"'), 0);
  assert.equal(jsonDepth('{}'), 1);
  assert.equal(jsonDepth('{"a":[]}'), 2);
  assert.equal(jsonDepth('[[1],[2],{"b":[3]}]'), 3);
  assert.equal(jsonDepth(JSON.stringify({ a: 'quote \\" and [{ inside', b: ['\\'] })), 2);
  assert.equal(jsonDepth(JSON.stringify(nested(33))), 33);
});

test('no metadata, and any JSON value, may be sent', () => {
  for (const metadata of [undefined, null, 0, 'token', true, [], {}, { access_token: 'abc', nested: { list: [1, 'two', null] } }]) {
    assert.equal(metadataProblem(metadata), null, JSON.stringify(metadata));
  }
  // What JSON.stringify writes otherwise is what goes: a nested function is left out, a Date is a string.
  assert.equal(metadataProblem({ at: new Date(0), callback: () => 1 }), null);
});

test('what JSON cannot write is invalid-metadata: a cycle, a BigInt, a function or a symbol at the top', () => {
  const cycle: Record<string, unknown> = { name: 'loop' };
  cycle.self = cycle;
  for (const [what, metadata] of [
    ['a cycle', cycle],
    ['a BigInt', { count: 10n }],
    ['a BigInt at the top', 10n],
    ['a function', () => 'token'],
    ['a symbol', Symbol('token')],
  ] as const) {
    const problem = metadataProblem(metadata);
    assert.equal(problem?.code, 'invalid-metadata', what);
    assert.match(problem.message, /^metadata cannot be sent: /, what);
  }
});

test('up to 64 KiB of JSON may be sent, counted in UTF-8 bytes; one byte more is invalid-metadata', () => {
  assert.equal(new TextEncoder().encode(JSON.stringify(ofBytes(metadataMaxBytes))).length, metadataMaxBytes);
  assert.equal(metadataProblem(ofBytes(metadataMaxBytes)), null);
  const over = metadataProblem(ofBytes(metadataMaxBytes + 1));
  assert.equal(over?.code, 'invalid-metadata');
  assert.match(over.message, /65537 bytes of JSON, over 65536/);
  // "あ" is one UTF-16 unit and three UTF-8 bytes: 30 000 of them are under 64 Ki characters but over 64 KiB.
  assert.equal(metadataProblem({ text: 'あ'.repeat(30_000) })?.code, 'invalid-metadata');
});

test('up to 31 levels of nesting may be sent, 32 with the connect message around it; 32 (33) is invalid-metadata', () => {
  assert.equal(metadataProblem(nested(31)), null);
  assert.equal(metadataProblem({ a: [{ b: nested(28) }] }), null, '3 + 28 levels');
  for (const metadata of [nested(32), nested(33), { a: [{ b: nested(29) }] }]) {
    const over = metadataProblem(metadata);
    assert.equal(over?.code, 'invalid-metadata');
    assert.match(over.message, /levels deep, over 31 \(32 in the connect message\)/);
  }
  assert.match(metadataProblem(nested(32))!.message, /: 32 levels deep/);
  // Deeper than JSON.stringify can go at all: refused, not thrown.
  let deep: unknown = null;
  for (let level = 0; level < 100_000; level++) deep = { deep };
  assert.equal(metadataProblem(deep)?.code, 'invalid-metadata');
});
