import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ffmpegRunArguments } from './ffmpeg-arguments.js';
import { hlsVariants } from './hls-variant.js';
import { VariantPlaylist } from './variant-playlist.js';

const folder = mkdtempSync(join(tmpdir(), 'ifls-playlist-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function writeRunPlaylist(file: string, firstIndex: number, count: number, prefix: string, ended = false): void {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${firstIndex}`];
  for (let index = firstIndex; index < firstIndex + count; index += 1) {
    lines.push(
      '#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000+0000',
      '#EXTINF:1.033000,',
      `${prefix}_${String(index).padStart(5, '0')}.ts`,
    );
  }
  if (ended) lines.push('#EXT-X-ENDLIST');
  writeFileSync(join(folder, file), `${lines.join('\n')}\n`);
}

describe('VariantPlaylist', () => {
  test('answers nothing before the first segment, then a live playlist with EXT-X-START', () => {
    const playlist = new VariantPlaylist({ folder, segmentSeconds: 1, startTimeOffset: -2, keepSegments: true });
    playlist.startRun(1, 'a_r1.m3u8');
    assert.equal(playlist.renderLive(), undefined);
    writeRunPlaylist('a_r1.m3u8', 0, 2, 'a_r1');
    const text = playlist.renderLive()!;
    assert.match(text, /^#EXTM3U\n/);
    assert.match(text, /#EXT-X-START:TIME-OFFSET=-2\.0\n/);
    assert.match(text, /#EXT-X-TARGETDURATION:1\n/, 'a 1.033 s segment must not raise the target duration to 2');
    assert.match(text, /#EXT-X-MEDIA-SEQUENCE:0\n/);
    assert.doesNotMatch(text, /ENDLIST|DISCONTINUITY\n/);
  });

  test('a second run continues the numbering after a discontinuity; end adds ENDLIST', () => {
    const playlist = new VariantPlaylist({ folder, segmentSeconds: 1, startTimeOffset: -2, keepSegments: true });
    playlist.startRun(1, 'b_r1.m3u8');
    writeRunPlaylist('b_r1.m3u8', 0, 4, 'b_r1');
    playlist.finishRun();
    playlist.startRun(2, 'b_r2.m3u8');
    writeRunPlaylist('b_r2.m3u8', 0, 5, 'b_r2');
    const text = playlist.renderLive()!;
    const uris = text.split('\n').filter((line) => line.endsWith('.ts'));
    assert.deepEqual(uris, ['b_r1_00003.ts', 'b_r2_00000.ts', 'b_r2_00001.ts', 'b_r2_00002.ts', 'b_r2_00003.ts', 'b_r2_00004.ts']);
    assert.match(text, /#EXT-X-MEDIA-SEQUENCE:3\n/);
    assert.match(text, /#EXT-X-DISCONTINUITY-SEQUENCE:0\n/);
    assert.match(text, /b_r1_00003\.ts\n#EXT-X-DISCONTINUITY\n/);
    playlist.end();
    assert.match(playlist.renderLive()!, /#EXT-X-ENDLIST\n$/);

    const vod = playlist.renderVod(2);
    assert.match(vod, /#EXT-X-PLAYLIST-TYPE:VOD\n/);
    assert.equal(vod.split('\n').filter((line) => line.endsWith('.ts')).length, 7);
    assert.match(vod, /#EXT-X-ENDLIST\n$/);
  });

  test('the window is wide enough for the start offset', () => {
    const playlist = new VariantPlaylist({ folder, segmentSeconds: 1, startTimeOffset: -10, keepSegments: true });
    playlist.startRun(1, 'c_r1.m3u8');
    writeRunPlaylist('c_r1.m3u8', 0, 20, 'c_r1');
    const segments = playlist
      .renderLive()!
      .split('\n')
      .filter((line) => line.endsWith('.ts'));
    assert.equal(segments.length, 13);
  });
});

describe('ffmpegRunArguments', () => {
  test('one HLS output per rendition, from one input, with the channel settings', () => {
    const variants = hlsVariants([
      { durationSeconds: 2, startTimeOffset: -2, video: { width: 1280, height: 720, fps: 30, bps: 2_000_000 }, audio: { bps: 96_000 } },
      { durationSeconds: 2, startTimeOffset: -2, video: { width: 641, height: 361, fps: 15, bps: 500_000 }, audio: { bps: 64_000 } },
    ]);
    const args = ffmpegRunArguments({ sdpFile: 'r3.sdp', hasAudio: true, hasVideo: true, variants, run: 3 });
    const joined = args.join(' ');
    assert.equal(args.filter((arg) => arg === '-i').length, 1);
    assert.match(joined, /\[0:v\]split=2\[in0\]\[in1\];\[in0\]scale=1280:720/);
    assert.match(joined, /scale=640:360/, 'odd sizes are made even for yuv420p');
    assert.match(joined, /-hls_time 2 /);
    assert.match(joined, /-b:v 2000000 .*-b:a 96000 .*-b:v 500000 .*-b:a 64000/);
    assert.match(joined, /-level:v 3\.1 /);
    assert.match(joined, /v0_r3_%05d\.ts v0_r3\.m3u8/);
    assert.match(joined, /v1_r3_%05d\.ts v1_r3\.m3u8$/);
  });

  test('a broadcast without video: AAC only, no picture filters, no x264', () => {
    const variants = hlsVariants([
      { durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1_000_000 }, audio: { bps: 64_000 } },
      { durationSeconds: 1, startTimeOffset: -2, video: { width: 320, height: 240, fps: 15, bps: 300_000 }, audio: { bps: 32_000 } },
    ]);
    const joined = ffmpegRunArguments({ sdpFile: 'r1.sdp', hasAudio: true, hasVideo: false, variants, run: 1 }).join(' ');
    assert.doesNotMatch(joined, /filter_complex|0:v|libx264|-b:v/);
    assert.match(joined, /-map 0:a -c:a aac -b:a 64000 .* v0_r1\.m3u8 -map 0:a -c:a aac -b:a 32000 .* v1_r1\.m3u8$/);
  });

  test('sizes and bitrates the spec allows but ffmpeg cannot take as given: 1 px becomes 2, fractional bps is rounded', () => {
    const variants = hlsVariants([
      { durationSeconds: 0.5, startTimeOffset: 2.5, video: { width: 1, height: 3, fps: 29.97, bps: 1_000_000.6 } },
    ]);
    const joined = ffmpegRunArguments({ sdpFile: 'r1.sdp', hasAudio: true, hasVideo: true, variants, run: 1 }).join(' ');
    assert.match(joined, /scale=2:2:/);
    assert.match(joined, /fps=29\.97\[v0\]/);
    assert.match(joined, /-b:v 1000001 -maxrate 1000001 /);
    assert.match(joined, /-hls_time 0\.5 /);
  });

  test('a broadcast without audio: H.264 only', () => {
    const variants = hlsVariants([
      { durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1_000_000 } },
    ]);
    const joined = ffmpegRunArguments({ sdpFile: 'r1.sdp', hasAudio: false, hasVideo: true, variants, run: 1 }).join(' ');
    assert.doesNotMatch(joined, /0:a|aac/);
    assert.match(joined, /-map \[v0\] -c:v libx264 /);
  });
});
