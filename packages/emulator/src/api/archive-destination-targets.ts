import type { ArchiveDestinationRecord } from '../media-seam.js';
import { newId } from '../store/ids.js';
import type { TargetContext, TargetHandlers } from './target-handlers.js';
import { requireArchiveDestination } from './tenant-records.js';

type ArchiveDestinationTargets = Pick<
  TargetHandlers,
  | 'ImageFlux_20190205.CreateArchiveDestination'
  | 'ImageFlux_20190205.DeleteArchiveDestination'
  | 'ImageFlux_20190205.ListArchiveDestination'
>;

export function archiveDestinationTargets({ store }: TargetContext): ArchiveDestinationTargets {
  return {
    'ImageFlux_20190205.CreateArchiveDestination': (tenant, request) => {
      const destination: ArchiveDestinationRecord = {
        archive_destination_id: newId(),
        tenant,
        bucket_uri: request.bucket_uri,
        created_at: new Date().toISOString(),
      };
      // Only what was given, so the record never holds `undefined` keys.
      if (request.aws_region !== undefined) destination.aws_region = request.aws_region;
      if (request.aws_access_key_id !== undefined) destination.aws_access_key_id = request.aws_access_key_id;
      if (request.aws_secret_access_key !== undefined) destination.aws_secret_access_key = request.aws_secret_access_key;
      if (request.gcp_credential_json !== undefined) destination.gcp_credential_json = request.gcp_credential_json;
      store.addArchiveDestination(destination);
      return { archive_destination_id: destination.archive_destination_id };
    },

    'ImageFlux_20190205.DeleteArchiveDestination': (tenant, request) => {
      const destination = requireArchiveDestination(store, tenant, request.archive_destination_id);
      store.removeArchiveDestination(destination.archive_destination_id);
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
