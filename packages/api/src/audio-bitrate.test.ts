import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIO_BITRATES, normalizeAudioBitrate } from './audio-bitrate.js';

test('absent gives the default 96000', () => {
  assert.equal(normalizeAudioBitrate(undefined), 96000);
});

test('every listed value maps to itself', () => {
  for (const value of AUDIO_BITRATES) assert.equal(normalizeAudioBitrate(value), value);
});

test('a value between two listed ones takes the lower', () => {
  const cases: Array<[number, number]> = [
    [32001, 32000],
    [39999, 32000],
    [50000, 48000],
    [56001, 56000],
    [63999, 56000],
    [70000, 64000],
    [95999, 80000],
    [100000, 96000],
    [127999, 112000],
    [200000, 192000],
    [319999, 256000],
  ];
  for (const [requested, expected] of cases) assert.equal(normalizeAudioBitrate(requested), expected, `${requested}`);
});

test('below 32000 gives 32000, above 320000 gives 320000', () => {
  assert.equal(normalizeAudioBitrate(0), 32000);
  assert.equal(normalizeAudioBitrate(8000), 32000);
  assert.equal(normalizeAudioBitrate(31999), 32000);
  assert.equal(normalizeAudioBitrate(1_000_000), 320000);
});
