/** Archives into a local folder (`file:///…` destinations), for development. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ArchiveStorage, BucketLocation } from './archive-storage.js';

export class FileArchiveStorage implements ArchiveStorage {
  readonly #folder: string;

  constructor(location: BucketLocation) {
    this.#folder = fileURLToPath(location.prefix);
  }

  async put(key: string, body: Buffer): Promise<string> {
    const path = `${this.#folder.replace(/\/$/, '')}/${key}`;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
    return pathToFileURL(path).href;
  }
}
