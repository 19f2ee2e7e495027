/**
 * Archives into Google Cloud Storage with the destination's service-account JSON.
 * `IFLS_GCS_ENDPOINT` points it at a GCS emulator. Not exercised by the offline tests: they
 * have no GCS to talk to.
 */
import type { Storage } from '@google-cloud/storage';
import type { ArchiveDestinationRecord } from '../media-seam.js';
import type { BucketLocation } from '@ifls/api';
import type { ArchiveStorage } from './archive-storage.js';

export class GcsArchiveStorage implements ArchiveStorage {
  /** The destination's `bucket_uri`, ending with '/'. */
  readonly base: string;
  private readonly location: BucketLocation;
  // A true private field (the rest of the package uses TypeScript's `private`): not enumerable, so
  // util.inspect and JSON.stringify never show its service-account JSON.
  readonly #destination: ArchiveDestinationRecord;
  private storage: Promise<Storage> | undefined;

  constructor(location: BucketLocation, destination: ArchiveDestinationRecord) {
    this.base = location.base;
    this.location = location;
    this.#destination = destination;
  }

  /** Uploads one file under `key`; returns its URI. */
  async put(key: string, body: Buffer, contentType: string): Promise<string> {
    const storage = await this.storageOnce();
    const objectKey = `${this.location.prefix}${key}`;
    await storage.bucket(this.location.bucket).file(objectKey).save(body, { contentType, resumable: false });
    return `${this.base}${key}`;
  }

  private storageOnce(): Promise<Storage> {
    this.storage ??= import('@google-cloud/storage').then(({ Storage }) => {
      const credentials = this.#destination.gcp_credential_json
        ? (JSON.parse(this.#destination.gcp_credential_json) as Record<string, unknown>)
        : undefined;
      const apiEndpoint = process.env.IFLS_GCS_ENDPOINT || undefined;
      return new Storage({
        ...(credentials ? { credentials, projectId: typeof credentials.project_id === 'string' ? credentials.project_id : undefined } : {}),
        ...(apiEndpoint ? { apiEndpoint } : {}),
      });
    });
    return this.storage;
  }
}
