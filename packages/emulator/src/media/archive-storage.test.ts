// One grammar of bucket URIs: what CreateArchiveDestination accepts is what the archive storage can use, and the
// archive events' dest_uri + file_path is the stored file.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  ImageFluxValidationError,
  isArchiveCreatedEventWebhook,
  isArchiveFailedEventWebhook,
  TARGETS,
  validateRequest,
  type ArchiveCreatedEventWebhook,
  type ArchiveFailedEventWebhook,
} from '@ifls/api';
import type { ArchiveDestinationRecord } from '../media-seam.js';
import { ArchiveJob } from './archive-job.js';
import { archiveStorageFor } from './archive-storage-for.js';
import { hlsVariants } from './hls-variant.js';
import { VariantPlaylist } from './variant-playlist.js';

const root = mkdtempSync(join(tmpdir(), 'ifls-archive-storage-'));
after(() => rmSync(root, { recursive: true, force: true }));

const destination = (bucket_uri: string): ArchiveDestinationRecord => ({
  archive_destination_id: 'A',
  tenant: 't',
  bucket_uri,
  aws_access_key_id: 'K',
  aws_secret_access_key: 'S',
  created_at: new Date().toISOString(),
});

function accepted(bucket_uri: string): boolean {
  try {
    validateRequest(TARGETS.createArchiveDestination, { bucket_uri }, { allowFileBucketUri: true });
    return true;
  } catch (error) {
    if (error instanceof ImageFluxValidationError) return false;
    throw error;
  }
}

function usable(bucket_uri: string): boolean {
  try {
    archiveStorageFor(destination(bucket_uri));
    return true;
  } catch {
    return false;
  }
}

describe('bucket URIs', () => {
  test('the API accepts exactly the bucket URIs the archive storage can use', () => {
    const uris = [
      's3://archive/recordings/',
      's3://archive',
      'gs://my_bucket/path',
      's3://LegacyBucket/',
      'S3://archive/',
      's3://',
      's3://-archive/',
      'https://archive/x/',
      `file://${root}/`,
      `file://${root}/with%20space`,
      'file:///tmp/a%2Fb/',
      'file:///tmp/%zz/',
      'file:///tmp/x?y',
      'file://host/tmp/x/',
      'file:///tmp/../etc/',
    ];
    for (const uri of uris) assert.equal(usable(uri), accepted(uri), uri);
  });

  test('a file:// destination stores below its folder, decoded, and answers base + key', async () => {
    const storage = archiveStorageFor(destination(`file://${root}/with%20space`));
    assert.equal(storage.base, `file://${root}/with%20space/`);
    const uri = await storage.put('C/X/v0.m3u8', Buffer.from('#EXTM3U\n'), 'application/vnd.apple.mpegurl');
    assert.equal(uri, `${storage.base}C/X/v0.m3u8`);
    assert.equal(readFileSync(fileURLToPath(uri), 'utf8'), '#EXTM3U\n');
    assert.ok(existsSync(join(root, 'with space', 'C', 'X', 'v0.m3u8')));
  });
});

describe('archive events', () => {
  /** A finished rendition of three segments in `folder`, ready to archive. */
  function finishedRendition(folder: string) {
    const [variant] = hlsVariants([{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 360, fps: 30, bps: 800_000 } }]);
    const playlist = new VariantPlaylist({ folder, segmentSeconds: 1, startTimeOffset: -2, keepSegments: true });
    playlist.startRun(1, 'v0_r1.m3u8');
    const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:1'];
    for (let index = 0; index < 3; index += 1) {
      const name = `v0_r1_0000${index}.ts`;
      writeFileSync(join(folder, name), Buffer.alloc(188 * (index + 1), 0x47));
      lines.push('#EXTINF:1.000000,', name);
    }
    writeFileSync(join(folder, 'v0_r1.m3u8'), `${lines.join('\n')}\n`);
    playlist.end();
    return { variant: variant!, playlist };
  }

  async function archive(bucketUri: string | undefined): Promise<Array<Record<string, unknown>>> {
    const folder = mkdtempSync(join(root, 'hls-'));
    const { variant, playlist } = finishedRendition(folder);
    const events: Array<Record<string, unknown>> = [];
    await new ArchiveJob({
      channelId: 'CHANNEL',
      broadcastId: 'CONNECTION',
      variant,
      playlist,
      fromSequence: 0,
      folder,
      destination: bucketUri === undefined ? undefined : destination(bucketUri),
      archiveDestinationId: 'A',
      sendEvent: (body) => events.push(JSON.parse(JSON.stringify(body)) as Record<string, unknown>),
      log: () => {},
    }).run();
    return events;
  }

  test('archive_created: each has an id of its own; dest_uri is the destination and dest_uri + file_path the stored file', async () => {
    const events = await archive(`file://${root}/archive`);
    assert.equal(events.length, 4, 'three segments and the playlist');
    const created = events.filter((event): event is ArchiveCreatedEventWebhook & Record<string, unknown> =>
      isArchiveCreatedEventWebhook(event),
    );
    assert.equal(created.length, 4, JSON.stringify(events));
    assert.equal(new Set(created.map((event) => event.id)).size, 4);
    for (const event of created) {
      assert.equal(event.channel_id, 'CHANNEL');
      assert.equal(event.connection_id, 'CONNECTION');
      assert.equal(event.data.dest_uri, `file://${root}/archive/`);
      assert.match(event.data.file_path, /^CHANNEL\/CONNECTION\/v0(_r1_0000\d\.ts|\.m3u8)$/);
      const stored = readFileSync(fileURLToPath(event.data.dest_uri + event.data.file_path));
      assert.equal(stored.length, event.data.size);
    }
    assert.deepEqual(
      created.map((event) => event.data.file_type),
      ['ts', 'ts', 'ts', 'm3u8'],
    );
  });

  test('archive_failed: the same dest_uri, the file_path the file was to have', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const events = await archive(`file://${blocker}/`);
    const failed = events.filter((event): event is ArchiveFailedEventWebhook & Record<string, unknown> =>
      isArchiveFailedEventWebhook(event),
    );
    assert.equal(failed.length, 4, JSON.stringify(events));
    for (const event of failed) {
      assert.equal(event.data.dest_uri, `file://${blocker}/`);
      assert.match(event.data.file_path, /^CHANNEL\/CONNECTION\//);
    }

    const gone = await archive(undefined);
    assert.equal(gone.length, 1);
    assert.ok(isArchiveFailedEventWebhook(gone[0]), JSON.stringify(gone));
    assert.equal((gone[0] as unknown as ArchiveFailedEventWebhook).data.dest_uri, '', 'a destination that no longer exists');
  });
});
