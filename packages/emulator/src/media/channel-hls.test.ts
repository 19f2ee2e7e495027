// The multivariant playlist: EXT-X-START carries the channel's offset exactly, CODECS only what the broadcast sends.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { HlsEntry } from '@ifls/api';
import type { ChannelRecord } from '../media-seam.js';
import { ChannelHls, PLAYLIST_FILE, type BroadcastMedia } from './channel-hls.js';
import { formatTimeOffset } from './variant-playlist.js';

const root = mkdtempSync(join(tmpdir(), 'ifls-channel-hls-'));
const opened: ChannelHls[] = [];
after(() => {
  for (const hls of opened) hls.remove();
  rmSync(root, { recursive: true, force: true });
});

let channels = 0;
function channelWith(entries: HlsEntry[]): ChannelHls {
  channels += 1;
  const channel: ChannelRecord = {
    channel_id: `C${channels}`,
    tenant: 't',
    hls: entries,
    auth_webhook_url: '',
    event_webhook_url: '',
    created_at: new Date().toISOString(),
  };
  const hls = new ChannelHls(channel, join(root, channel.channel_id));
  opened.push(hls);
  return hls;
}

const entry = (startTimeOffset: number, width = 640): HlsEntry => ({
  durationSeconds: 1,
  startTimeOffset,
  video: { width, height: 360, fps: 30, bps: 800_000 },
  audio: { bps: 64_000 },
});

/** Starts a run sending `media` and writes one segment into every rendition's run playlist. */
function master(hls: ChannelHls, media: BroadcastMedia): string {
  const run = hls.startRun(media);
  for (const variant of hls.variants) {
    const name = `${variant.name}_r${run}`;
    writeFileSync(join(hls.folder, `${name}.m3u8`), `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.000000,\n${name}_00000.ts\n`);
  }
  const served = hls.playlist(PLAYLIST_FILE);
  assert.ok(served, 'the master playlist is served once every rendition has a segment');
  return served.body;
}

describe('ChannelHls multivariant playlist', () => {
  test("EXT-X-START:TIME-OFFSET is the channel's startTimeOffset exactly, not rounded to 0.1 s", () => {
    for (const [offset, written] of [
      [-2.25, '-2.25'],
      [-1.234567, '-1.234567'],
      [-0.05, '-0.05'],
      [2.5, '2.5'],
      [-2, '-2.0'],
      [0, '0.0'],
    ] as const) {
      const text = master(channelWith([entry(offset), entry(offset, 320)]), { audio: true, video: true });
      assert.match(text, new RegExp(`#EXT-X-START:TIME-OFFSET=${written.replace('.', '\\.')}\\n`), `${offset}: ${text}`);
    }
  });

  test('each media playlist carries its own offset exactly too', () => {
    const hls = channelWith([entry(-2.25), entry(-7.125, 320)]);
    master(hls, { audio: true, video: true });
    assert.match(hls.playlist('v0.m3u8')!.body, /#EXT-X-START:TIME-OFFSET=-2\.25\n/);
    assert.match(hls.playlist('v1.m3u8')!.body, /#EXT-X-START:TIME-OFFSET=-7\.125\n/);
  });

  test('CODECS declares audio only when the broadcast has audio, and video only when it has video', () => {
    const both = master(channelWith([entry(-2), entry(-2, 320)]), { audio: true, video: true });
    assert.match(both, /CODECS="avc1\.[0-9A-F]{6},mp4a\.40\.2"/);
    assert.match(both, /RESOLUTION=640x360/);

    const videoOnly = master(channelWith([entry(-2), entry(-2, 320)]), { audio: false, video: true });
    assert.doesNotMatch(videoOnly, /mp4a/);
    assert.match(videoOnly, /CODECS="avc1\.[0-9A-F]{6}"/);
    assert.match(videoOnly, /BANDWIDTH=880000,/, 'the bandwidth counts no audio');

    const audioOnly = master(channelWith([entry(-2), entry(-2, 320)]), { audio: true, video: false });
    assert.doesNotMatch(audioOnly, /avc1|RESOLUTION|FRAME-RATE/);
    assert.match(audioOnly, /CODECS="mp4a\.40\.2"/);
  });
});

describe('formatTimeOffset', () => {
  test('writes any number exactly, in the positional notation HLS allows (no exponent)', () => {
    for (const offset of [-2, 2, -2.25, 0.1 + 0.2, 1e-7, -1.5e-7, 1e21, -3600, 123.456]) {
      const text = formatTimeOffset(offset);
      assert.match(text, /^-?\d+\.\d+$/, text);
      assert.equal(Number(text), offset, text);
    }
    assert.equal(formatTimeOffset(-0), '0.0');
  });
});
