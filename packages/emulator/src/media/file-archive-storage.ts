/** Archives into a local folder (`file:///…` destinations), for development. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BucketLocation } from '@ifls/api';
import type { ArchiveStorage } from './archive-storage.js';

export class FileArchiveStorage implements ArchiveStorage {
  /** The destination's `bucket_uri`, ending with '/'. */
  readonly base: string;
  /** The decoded absolute folder, ending with '/'. */
  private readonly folder: string;

  constructor(location: BucketLocation) {
    this.base = location.base;
    this.folder = location.prefix;
  }

  /** Writes one file under `key`; returns its URI. */
  async put(key: string, body: Buffer): Promise<string> {
    const path = `${this.folder}${key}`;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
    return `${this.base}${key}`;
  }
}
