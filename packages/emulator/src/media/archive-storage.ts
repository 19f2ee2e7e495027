/** Where an archive's files are stored: one implementation per `bucket_uri` scheme (archive-storage-for.ts picks it). */
export interface ArchiveStorage {
  /** The URI files are stored below (the destination's `bucket_uri`, ending with '/'). */
  readonly base: string;
  /** Stores one file under `key` (relative to `base`); returns its URI, `base + key`. */
  put(key: string, body: Buffer, contentType: string): Promise<string>;
}
