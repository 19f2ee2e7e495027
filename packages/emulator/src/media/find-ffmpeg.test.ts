import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { findFfmpeg } from './find-ffmpeg.js';

const run = promisify(execFile);

test('without FFMPEG_PATH and with no ffmpeg on PATH, the optional npm package supplies one that runs', async () => {
  const saved = { path: process.env.PATH, ffmpeg: process.env.FFMPEG_PATH };
  process.env.PATH = '';
  delete process.env.FFMPEG_PATH;
  let found: string | undefined;
  try {
    found = findFfmpeg(undefined);
  } finally {
    process.env.PATH = saved.path;
    if (saved.ffmpeg !== undefined) process.env.FFMPEG_PATH = saved.ffmpeg;
  }
  assert.ok(found, 'an ffmpeg was found');
  assert.match(found, /@ffmpeg-installer/);
  const { stdout } = await run(found, ['-version']);
  assert.match(stdout, /^ffmpeg version/);
});

test('FFMPEG_PATH wins over everything', () => {
  const saved = process.env.FFMPEG_PATH;
  process.env.FFMPEG_PATH = '/opt/custom/ffmpeg';
  try {
    assert.equal(findFfmpeg('/usr/bin/ffmpeg'), '/opt/custom/ffmpeg');
  } finally {
    if (saved === undefined) delete process.env.FFMPEG_PATH;
    else process.env.FFMPEG_PATH = saved;
  }
});
