// The target handlers against a recording media plane: what they store and what they ask of the media plane.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';
import type { GetStatsResponse, JsonObject } from '@ifls/api';
import type { ChannelRecord, MediaPlaneSeam, PushAudience } from '../media-seam.js';
import { FileArchiveRoot } from '../file-archive-root.js';
import { Store } from '../store.js';
import { tenantOf } from '../store/tenant.js';
import { ApiError } from './api-error.js';
import { archiveDestinationTargets } from './archive-destination-targets.js';
import { channelTargets } from './channel-targets.js';
import { MAX_ARCHIVE_DESTINATIONS_PER_TENANT, MAX_CHANNELS_PER_TENANT, MAX_RECORD_BYTES } from './emulator-limits.js';
import { soraTargets } from './sora-targets.js';
import type { TargetHandlers } from './target-handlers.js';

const TENANT = tenantOf('targets-token');
const video = { width: 640, height: 480, fps: 30, bps: 1000000 };

class RecordingMediaPlane implements MediaPlaneSeam {
  readonly calls: string[] = [];
  readonly pushes: Array<{ channelId: string; audience: PushAudience; data: JsonObject }> = [];
  stats: GetStatsResponse | undefined;

  handleUpgrade(): boolean {
    return false;
  }
  handleHttp(): boolean {
    return false;
  }
  soraUrl(): string {
    return 'ws://media.test/signaling';
  }
  playlistUrl(channel: ChannelRecord): string {
    return `http://media.test/hls/${channel.channel_id}/playlist.m3u8`;
  }
  async deleteChannel(channelId: string): Promise<void> {
    this.calls.push(`deleteChannel ${channelId}`);
  }
  listConnections(channelId: string) {
    this.calls.push(`listConnections ${channelId}`);
    return [];
  }
  listChannelClients(channelId: string) {
    this.calls.push(`listChannelClients ${channelId}`);
    return [];
  }
  push(channelId: string, audience: PushAudience, data: JsonObject): number {
    this.pushes.push({ channelId, audience, data });
    return 0;
  }
  async getStats(): Promise<GetStatsResponse | undefined> {
    return this.stats;
  }
  async close(): Promise<void> {}
}

describe('target handlers', () => {
  let store: Store;
  let media: RecordingMediaPlane;
  let handlers: TargetHandlers;

  beforeEach(() => {
    store = new Store();
    media = new RecordingMediaPlane();
    handlers = handlersWith(new FileArchiveRoot(undefined));
  });

  function handlersWith(fileArchiveRoot: FileArchiveRoot): TargetHandlers {
    const context = { store, media, fileArchiveRoot };
    return { ...channelTargets(context), ...archiveDestinationTargets(context), ...soraTargets(context) };
  }

  /** Asserts the call fails with 400 EMULATOR-LIMIT naming `field` (undefined: none). */
  async function assertLimit(call: () => unknown, field: string | undefined): Promise<void> {
    await assert.rejects(
      async () => call(),
      (error) => {
        assert.ok(error instanceof ApiError, String(error));
        assert.equal(error.status, 400);
        assert.equal(error.errorType, 'EMULATOR-LIMIT');
        assert.equal(error.field, field, error.message);
        return true;
      },
    );
  }

  test('CreateChannel stores normalized audio, empty webhooks by default, and answers the media URLs', async () => {
    const answer = await handlers['ImageFlux_20180905.CreateChannel'](TENANT, {
      hls: [
        { durationSeconds: 1, startTimeOffset: -2, video },
        { durationSeconds: 1, startTimeOffset: -2, video, audio: { bps: 70000 } },
        { durationSeconds: 1, startTimeOffset: -2, video, audio: { bps: 1000 } },
        { durationSeconds: 1, startTimeOffset: 2.5, video, audio: { bps: 0 } },
        { durationSeconds: 1, startTimeOffset: -2, video, audio: { bps: 1 } },
        { durationSeconds: 1, startTimeOffset: -2, video, audio: { bps: 64000.5 } },
      ],
    });
    const channel = store.findChannel(answer.channel_id);
    assert.ok(channel);
    assert.equal(channel.tenant, TENANT);
    assert.deepEqual(
      channel.hls.map((entry) => entry.audio?.bps),
      [96000, 64000, 32000, 32000, 32000, 64000],
    );
    assert.equal(channel.hls[3]?.startTimeOffset, 2.5, 'a positive offset is kept as given');
    assert.equal(channel.auth_webhook_url, '');
    assert.equal(channel.event_webhook_url, '');
    assert.ok(!Number.isNaN(Date.parse(channel.created_at)));
    assert.deepEqual(answer, {
      channel_id: channel.channel_id,
      sora_url: 'ws://media.test/signaling',
      playlist_url: `http://media.test/hls/${channel.channel_id}/playlist.m3u8`,
    });
  });

  test('CreateChannel keeps the webhooks it is given', async () => {
    const { channel_id } = await handlers['ImageFlux_20180905.CreateChannel'](TENANT, {
      hls: [{ durationSeconds: 2, startTimeOffset: 0, video }],
      auth_webhook_url: 'http://127.0.0.1:9/auth',
      event_webhook_url: 'http://127.0.0.1:9/event',
    });
    const channel = store.findChannel(channel_id);
    assert.equal(channel?.auth_webhook_url, 'http://127.0.0.1:9/auth');
    assert.equal(channel?.event_webhook_url, 'http://127.0.0.1:9/event');
  });

  test('DeleteChannel asks the media plane first, then forgets the channel', async () => {
    const { channel_id } = await handlers['ImageFlux_20180905.CreateChannel'](TENANT, {
      hls: [{ durationSeconds: 1, startTimeOffset: -2, video }],
    });
    assert.deepEqual(await handlers['ImageFlux_20180501.DeleteChannel'](TENANT, { channel_id }), { channel_id });
    assert.deepEqual(media.calls, [`deleteChannel ${channel_id}`]);
    assert.equal(store.findChannel(channel_id), undefined);
  });

  test('push targets name their audience', async () => {
    const { channel_id } = await handlers['ImageFlux_20180905.CreateChannel'](TENANT, {
      hls: [{ durationSeconds: 1, startTimeOffset: -2, video }],
    });
    const data = { n: 1 };
    await handlers['Sora_20160711.PushChannel'](TENANT, { channel_id, data });
    await handlers['Sora_20160711.PushClient'](TENANT, { channel_id, client_id: 'viewer-7', data });
    await handlers['Sora_20160711.PushUpstream'](TENANT, { channel_id, data });
    await handlers['Sora_20160711.PushDownStream'](TENANT, { channel_id, data });
    assert.deepEqual(
      media.pushes.map((push) => push.audience),
      [{ to: 'channel' }, { to: 'client', clientId: 'viewer-7' }, { to: 'upstream' }, { to: 'downstream' }],
    );
    assert.ok(media.pushes.every((push) => push.channelId === channel_id && push.data === data));
  });

  test('GetStats answers what the media plane measured', async () => {
    const { channel_id } = await handlers['ImageFlux_20180905.CreateChannel'](TENANT, {
      hls: [{ durationSeconds: 1, startTimeOffset: -2, video }],
    });
    media.stats = {
      channel_id,
      connection_id: 'C',
      client_id: 'c',
      role: 'sendonly',
      duration_seconds: 3,
      total_received_bytes: 10,
      total_sent_bytes: 20,
      total_received_packets: 1,
      total_sent_packets: 2,
      received_bitrate: 100,
      sent_bitrate: 200,
    };
    assert.deepEqual(await handlers['Sora_20170529.GetStats'](TENANT, { channel_id, connection_id: 'C' }), media.stats);
  });

  test('another tenant reaches neither the records nor the media plane', async () => {
    const { channel_id } = await handlers['ImageFlux_20180905.CreateChannel'](TENANT, {
      hls: [{ durationSeconds: 1, startTimeOffset: -2, video }],
    });
    const stranger = tenantOf('someone-else');
    await assert.rejects(
      async () => handlers['ImageFlux_20180501.DeleteChannel'](stranger, { channel_id }),
      (error) => error instanceof ApiError && error.status === 404 && error.errorType === 'CHANNEL-NOT-FOUND',
    );
    await assert.rejects(async () => handlers['Sora_20151104.ListConnections'](stranger, { channel_id }), ApiError);
    await assert.rejects(async () => handlers['Sora_20160711.PushChannel'](stranger, { channel_id, data: {} }), ApiError);
    assert.deepEqual(media.calls, []);
    assert.deepEqual(media.pushes, []);
    assert.ok(store.findChannel(channel_id));
  });

  test('CreateArchiveDestination keeps only the credentials given', async () => {
    const { archive_destination_id } = await handlers['ImageFlux_20190205.CreateArchiveDestination'](TENANT, {
      bucket_uri: 'gs://bucket/path',
      gcp_credential_json: '{"type":"service_account"}',
    });
    const destination = store.findArchiveDestination(archive_destination_id);
    assert.deepEqual(Object.keys(destination ?? {}).sort(), [
      'archive_destination_id',
      'bucket_uri',
      'created_at',
      'gcp_credential_json',
      'tenant',
    ]);
  });

  test('CreateChannel stores only the fields the service defines', async () => {
    const junk = 'x'.repeat(10_000);
    const request = {
      hls: [
        {
          durationSeconds: 1,
          startTimeOffset: -2,
          video: { ...video, junk },
          audio: { bps: 64000, junk },
          junk,
        },
      ],
      junk,
    };
    const { channel_id } = await handlers['ImageFlux_20180905.CreateChannel'](TENANT, request);
    const channel = store.findChannel(channel_id);
    assert.ok(channel);
    assert.ok(!JSON.stringify(channel).includes(junk), 'an unknown field was stored');
    assert.deepEqual(channel.hls, [{ durationSeconds: 1, startTimeOffset: -2, video, audio: { bps: 64000 } }]);
  });

  test('a record over the size cap is refused naming its largest field', async () => {
    const longUrl = `http://127.0.0.1:9/${'a'.repeat(MAX_RECORD_BYTES)}`;
    await assertLimit(
      () =>
        handlers['ImageFlux_20180905.CreateChannel'](TENANT, {
          hls: [{ durationSeconds: 1, startTimeOffset: -2, video }],
          event_webhook_url: longUrl,
        }),
      'event_webhook_url',
    );
    await assertLimit(
      () =>
        handlers['ImageFlux_20190205.CreateArchiveDestination'](TENANT, {
          bucket_uri: 'gs://b/',
          gcp_credential_json: JSON.stringify({ key: 'k'.repeat(MAX_RECORD_BYTES) }),
        }),
      'gcp_credential_json',
    );
    assert.equal(store.channelCountOf(TENANT), 0);
  });

  test('a tenant has at most MAX_CHANNELS_PER_TENANT channels and MAX_ARCHIVE_DESTINATIONS_PER_TENANT destinations; others are not held back', async () => {
    const hls = [{ durationSeconds: 1, startTimeOffset: -2, video }];
    // All at once: the count includes changes not yet stored, so concurrent requests cannot overshoot.
    const results = await Promise.allSettled(
      Array.from({ length: MAX_CHANNELS_PER_TENANT + 5 }, async () => handlers['ImageFlux_20180905.CreateChannel'](TENANT, { hls })),
    );
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, MAX_CHANNELS_PER_TENANT);
    await assertLimit(() => handlers['ImageFlux_20180905.CreateChannel'](TENANT, { hls }), undefined);
    await handlers['ImageFlux_20180905.CreateChannel'](tenantOf('another'), { hls });

    const { channel_id } = results.find((result) => result.status === 'fulfilled')!.value;
    await handlers['ImageFlux_20180501.DeleteChannel'](TENANT, { channel_id });
    await handlers['ImageFlux_20180905.CreateChannel'](TENANT, { hls });

    for (let index = 0; index < MAX_ARCHIVE_DESTINATIONS_PER_TENANT; index += 1) {
      await handlers['ImageFlux_20190205.CreateArchiveDestination'](TENANT, { bucket_uri: 's3://b/' });
    }
    await assertLimit(() => handlers['ImageFlux_20190205.CreateArchiveDestination'](TENANT, { bucket_uri: 's3://b/' }), undefined);
  });

  describe('file:// archive destinations', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'ifls-archive-root-'));
    const root = join(scratch, 'root');
    const outside = join(scratch, 'outside');
    mkdirSync(outside, { recursive: true });
    mkdirSync(root, { recursive: true });
    symlinkSync(outside, join(root, 'link-out'));
    after(() => rmSync(scratch, { recursive: true, force: true }));

    test('are refused when the operator gave no archive root', async () => {
      await assertLimit(
        () => handlers['ImageFlux_20190205.CreateArchiveDestination'](TENANT, { bucket_uri: `file://${root}/` }),
        'bucket_uri',
      );
      assert.deepEqual(store.listArchiveDestinationsOf(TENANT), []);
      // Other schemes are not affected.
      await handlers['ImageFlux_20190205.CreateArchiveDestination'](TENANT, { bucket_uri: 's3://b/' });
    });

    test('are taken inside the root, refused outside it or through a link out of it', async () => {
      const confined = handlersWith(new FileArchiveRoot(root));
      const create = (bucket_uri: string) => confined['ImageFlux_20190205.CreateArchiveDestination'](TENANT, { bucket_uri });
      await create(`file://${root}/`);
      await create(`file://${root}/not/yet/made/`);
      await assertLimit(() => create(`file://${outside}/`), 'bucket_uri');
      await assertLimit(() => create(`file://${root}/link-out/`), 'bucket_uri');
      await assertLimit(() => create(`file://${root}/link-out/deeper/`), 'bucket_uri');
      await assertLimit(() => create(`file://${root}-sibling/`), 'bucket_uri');
      await assertLimit(() => create('file:///etc/cron.d/'), 'bucket_uri');
    });

    test('a stored destination now outside the root cannot be used by a new channel', async () => {
      const open = handlersWith(new FileArchiveRoot(outside));
      const { archive_destination_id } = await open['ImageFlux_20190205.CreateArchiveDestination'](TENANT, {
        bucket_uri: `file://${outside}/`,
      });
      const confined = handlersWith(new FileArchiveRoot(root));
      await assertLimit(
        () =>
          confined['ImageFlux_20180905.CreateChannel'](TENANT, {
            hls: [{ durationSeconds: 1, startTimeOffset: -2, video, archive: { archive_destination_id } }],
          }),
        'hls[0].archive.archive_destination_id',
      );
    });
  });
});
