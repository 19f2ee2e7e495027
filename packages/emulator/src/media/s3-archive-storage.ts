/**
 * Archives into Amazon S3 with the destination's region and keys. `IFLS_S3_ENDPOINT` points it at
 * an S3-compatible store instead (MinIO, s3rver…), with path-style addressing.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ArchiveDestinationRecord } from '../media-seam.js';
import type { BucketLocation } from '@ifls/api';
import type { ArchiveStorage } from './archive-storage.js';

export class S3ArchiveStorage implements ArchiveStorage {
  /** The destination's `bucket_uri`, ending with '/'. */
  readonly base: string;
  private readonly location: BucketLocation;
  // A true private field (the rest of the package uses TypeScript's `private`): not enumerable, so
  // util.inspect and JSON.stringify never show its keys.
  readonly #destination: ArchiveDestinationRecord;
  private client: Promise<S3Client> | undefined;

  constructor(location: BucketLocation, destination: ArchiveDestinationRecord) {
    this.base = location.base;
    this.location = location;
    this.#destination = destination;
  }

  /** Uploads one file under `key`; returns its URI. */
  async put(key: string, body: Buffer, contentType: string): Promise<string> {
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const client = await this.clientOnce();
    const objectKey = `${this.location.prefix}${key}`;
    await client.send(new PutObjectCommand({ Bucket: this.location.bucket, Key: objectKey, Body: body, ContentType: contentType }));
    return `${this.base}${key}`;
  }

  private clientOnce(): Promise<S3Client> {
    // The SDK is large: load it only when an archive is actually uploaded.
    this.client ??= import('@aws-sdk/client-s3').then(({ S3Client }) => {
      const endpoint = process.env.IFLS_S3_ENDPOINT || undefined;
      const { aws_access_key_id: accessKeyId, aws_secret_access_key: secretAccessKey } = this.#destination;
      return new S3Client({
        region: this.#destination.aws_region || 'us-east-1',
        ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
        ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      });
    });
    return this.client;
  }
}
