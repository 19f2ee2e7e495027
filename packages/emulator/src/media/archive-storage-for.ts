/**
 * Where an archive goes, picked by the destination's `bucket_uri` scheme:
 * `s3://bucket/prefix/` (Amazon S3, or any S3-compatible store with `IFLS_S3_ENDPOINT`),
 * `gs://bucket/prefix/` (Google Cloud Storage, `IFLS_GCS_ENDPOINT` for an emulator of it) and,
 * for development, `file:///absolute/folder/`. The URI is read with `@ifls/api`'s
 * `parseBucketUri`, the grammar CreateArchiveDestination validated it with.
 */
import { parseBucketUri, type BucketLocation } from '@ifls/api';
import type { ArchiveDestinationRecord } from '../media-seam.js';
import { FileArchiveStorage } from './file-archive-storage.js';
import { GcsArchiveStorage } from './gcs-archive-storage.js';
import { S3ArchiveStorage } from './s3-archive-storage.js';
import type { ArchiveStorage } from './archive-storage.js';

/** The destination's bucket URI taken apart; throws for one the grammar refuses (e.g. kept from an older emulator). */
export function bucketLocationOf(destination: ArchiveDestinationRecord): BucketLocation {
  const location = parseBucketUri(destination.bucket_uri, { allowFile: true });
  if (!location) throw new Error(`unsupported bucket_uri ${JSON.stringify(destination.bucket_uri)} (expected s3://, gs:// or file:///)`);
  return location;
}

/** The storage for a destination, by its `bucket_uri` scheme; throws for a scheme the grammar refuses. */
export function archiveStorageFor(destination: ArchiveDestinationRecord): ArchiveStorage {
  const location = bucketLocationOf(destination);
  switch (location.scheme) {
    case 's3':
      return new S3ArchiveStorage(location, destination);
    case 'gs':
      return new GcsArchiveStorage(location, destination);
    case 'file':
      return new FileArchiveStorage(location);
  }
}
