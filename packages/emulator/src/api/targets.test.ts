// The target handlers against a recording media plane: what they store and what they ask of the media plane.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import type { GetStatsResponse, JsonObject } from '@ifls/api';
import type { ChannelRecord, MediaPlaneSeam, PushAudience } from '../media-seam.js';
import { Store } from '../store.js';
import { tenantOf } from '../store/tenant.js';
import { ApiError } from './api-error.js';
import { archiveDestinationTargets } from './archive-destination-targets.js';
import { channelTargets } from './channel-targets.js';
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
    const context = { store, media };
    handlers = { ...channelTargets(context), ...archiveDestinationTargets(context), ...soraTargets(context) };
  });

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
    assert.deepEqual(channel.hls.map((entry) => entry.audio?.bps), [96000, 64000, 32000, 32000, 32000, 64000]);
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
});
