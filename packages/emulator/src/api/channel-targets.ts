import type { ChannelRecord } from '../media-seam.js';
import { newId } from '../store/ids.js';
import { ApiError } from './api-error.js';
import { checkArchiveFolder } from './archive-folder.js';
import { checkRecordSize, checkTenantRoom, MAX_CHANNELS_PER_TENANT } from './emulator-limits.js';
import { storedHlsEntry } from './known-fields.js';
import type { TargetContext, TargetHandlers } from './target-handlers.js';
import { requireArchiveDestination, requireChannel } from './tenant-records.js';

type ChannelTargets = Pick<
  TargetHandlers,
  'ImageFlux_20180905.CreateChannel' | 'ImageFlux_20180501.DeleteChannel' | 'ImageFlux_20180601.Stats'
>;

export function channelTargets({ store, media, fileArchiveRoot }: TargetContext): ChannelTargets {
  return {
    'ImageFlux_20180905.CreateChannel': async (tenant, request) => {
      request.hls.forEach((entry, index) => {
        const archiveDestinationId = entry.archive?.archive_destination_id;
        if (archiveDestinationId !== undefined) {
          const field = `hls[${index}].archive.archive_destination_id`;
          const destination = requireArchiveDestination(store, tenant, archiveDestinationId, field);
          // Again here: the destination may come from a run with another --archive-root, or its folder may have become a link.
          checkArchiveFolder(fileArchiveRoot, destination.bucket_uri, field);
        }
      });
      const channel: ChannelRecord = {
        channel_id: newId(),
        tenant,
        hls: request.hls.map(storedHlsEntry),
        auth_webhook_url: request.auth_webhook_url ?? '',
        event_webhook_url: request.event_webhook_url ?? '',
        created_at: new Date().toISOString(),
      };
      checkRecordSize(channel);
      // Counted and added in one turn of the event loop, so concurrent requests cannot overshoot.
      checkTenantRoom(store.channelCountOf(tenant), MAX_CHANNELS_PER_TENANT, 'channels');
      await store.addChannel(channel);
      return { channel_id: channel.channel_id, sora_url: media.soraUrl(), playlist_url: media.playlistUrl(channel) };
    },

    'ImageFlux_20180501.DeleteChannel': async (tenant, request) => {
      const channel = requireChannel(store, tenant, request.channel_id);
      // Connections end and the playlist goes away before the record does, so nothing serves a channel the store no longer knows.
      await media.deleteChannel(channel.channel_id);
      await store.removeChannel(channel.channel_id);
      return { channel_id: channel.channel_id };
    },

    'ImageFlux_20180601.Stats': () => {
      throw new ApiError(
        400,
        'NOT-IMPLEMENTED',
        'ImageFlux_20180601.Stats is documented as not implemented by ImageFlux Live Streaming, and the emulator does the same.',
      );
    },
  };
}
