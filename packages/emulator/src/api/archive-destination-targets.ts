import type { ArchiveDestinationRecord } from '../media-seam.js';
import { newId } from '../store/ids.js';
import { checkArchiveFolder } from './archive-folder.js';
import { checkRecordSize, checkTenantRoom, MAX_ARCHIVE_DESTINATIONS_PER_TENANT } from './emulator-limits.js';
import type { TargetContext, TargetHandlers } from './target-handlers.js';
import { requireArchiveDestination } from './tenant-records.js';

type ArchiveDestinationTargets = Pick<
  TargetHandlers,
  | 'ImageFlux_20190205.CreateArchiveDestination'
  | 'ImageFlux_20190205.DeleteArchiveDestination'
  | 'ImageFlux_20190205.ListArchiveDestination'
>;

export function archiveDestinationTargets({ store, fileArchiveRoot }: TargetContext): ArchiveDestinationTargets {
  return {
    'ImageFlux_20190205.CreateArchiveDestination': async (tenant, request) => {
      checkArchiveFolder(fileArchiveRoot, request.bucket_uri, 'bucket_uri');
      const destination: ArchiveDestinationRecord = {
        archive_destination_id: newId(),
        tenant,
        bucket_uri: request.bucket_uri,
        created_at: new Date().toISOString(),
      };
      // Only the known fields that were given: nothing unknown is stored, and no `undefined` keys.
      if (request.aws_region !== undefined) destination.aws_region = request.aws_region;
      if (request.aws_access_key_id !== undefined) destination.aws_access_key_id = request.aws_access_key_id;
      if (request.aws_secret_access_key !== undefined) destination.aws_secret_access_key = request.aws_secret_access_key;
      if (request.gcp_credential_json !== undefined) destination.gcp_credential_json = request.gcp_credential_json;
      checkRecordSize(destination);
      // Counted and added in one turn of the event loop, so concurrent requests cannot overshoot.
      checkTenantRoom(store.archiveDestinationCountOf(tenant), MAX_ARCHIVE_DESTINATIONS_PER_TENANT, 'archive destinations');
      await store.addArchiveDestination(destination);
      return { archive_destination_id: destination.archive_destination_id };
    },

    'ImageFlux_20190205.DeleteArchiveDestination': async (tenant, request) => {
      const destination = requireArchiveDestination(store, tenant, request.archive_destination_id);
      await store.removeArchiveDestination(destination.archive_destination_id);
      return { archive_destination_id: destination.archive_destination_id };
    },

    // Credentials never leave the emulator: the list names each destination and its bucket only.
    'ImageFlux_20190205.ListArchiveDestination': (tenant) => ({
      archive_destinations: store.listArchiveDestinationsOf(tenant).map((destination) => ({
        archive_destination_id: destination.archive_destination_id,
        bucket_uri: destination.bucket_uri,
      })),
    }),
  };
}
