import type { ArchiveDestinationRecord, ChannelRecord } from '../media-seam.js';
import type { Store } from '../store.js';
import { archiveDestinationNotFound, channelNotFound } from './not-found.js';

/** The tenant's channel, or a CHANNEL-NOT-FOUND error (also for another tenant's channel). */
export function requireChannel(store: Store, tenant: string, channelId: string): ChannelRecord {
  const channel = store.findChannelOf(tenant, channelId);
  if (channel === undefined) throw channelNotFound(channelId);
  return channel;
}

/** The tenant's archive destination, or an ARCHIVE-DESTINATION-NOT-FOUND error naming `field`. */
export function requireArchiveDestination(
  store: Store,
  tenant: string,
  archiveDestinationId: string,
  field?: string,
): ArchiveDestinationRecord {
  const destination = store.findArchiveDestinationOf(tenant, archiveDestinationId);
  if (destination === undefined) throw archiveDestinationNotFound(archiveDestinationId, field);
  return destination;
}
