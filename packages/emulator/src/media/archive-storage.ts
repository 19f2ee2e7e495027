/**
 * Where an archive goes, picked by the destination's `bucket_uri` scheme:
 * `s3://bucket/prefix/` (Amazon S3, or any S3-compatible store with `IFLS_S3_ENDPOINT`),
 * `gs://bucket/prefix/` (Google Cloud Storage, `IFLS_GCS_ENDPOINT` for an emulator of it) and,
 * for development, `file:///absolute/folder/`.
 */
import type { ArchiveDestinationRecord } from '../media-seam.js';
import { FileArchiveStorage } from './file-archive-storage.js';
import { GcsArchiveStorage } from './gcs-archive-storage.js';
import { S3ArchiveStorage } from './s3-archive-storage.js';

export interface ArchiveStorage {
  /** Stores one file under `key` (relative to the destination's prefix); returns its URI. */
  put(key: string, body: Buffer, contentType: string): Promise<string>;
}

/** A bucket URI split into its parts; `prefix` is '' or ends with '/'. */
export interface BucketLocation {
  scheme: 's3' | 'gs' | 'file';
  bucket: string;
  prefix: string;
}

export function parseBucketUri(uri: string): BucketLocation {
  const match = /^(s3|gs):\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match) {
    const prefix = match[3]!;
    return { scheme: match[1] as 's3' | 'gs', bucket: match[2]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
  }
  if (uri.startsWith('file:///')) return { scheme: 'file', bucket: '', prefix: uri.endsWith('/') ? uri : `${uri}/` };
  throw new Error(`unsupported bucket_uri ${JSON.stringify(uri)} (expected s3://, gs:// or file:///)`);
}

export function archiveStorageFor(destination: ArchiveDestinationRecord): ArchiveStorage {
  const location = parseBucketUri(destination.bucket_uri);
  switch (location.scheme) {
    case 's3':
      return new S3ArchiveStorage(location, destination);
    case 'gs':
      return new GcsArchiveStorage(location, destination);
    case 'file':
      return new FileArchiveStorage(location);
  }
}
