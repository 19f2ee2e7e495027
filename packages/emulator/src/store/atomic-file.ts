/**
 * Replacing a file so that a process killed at any moment leaves either the old or the new
 * content, never a torn file: write a temp file in the same folder, fsync it, rename it over the
 * old one, fsync the folder. The async form keeps the event loop free (the bytes and the fsyncs
 * go to libuv's thread pool); the sync form is for startup, before anything listens.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';

export async function replaceFile(path: string, text: string): Promise<void> {
  const temp = tempPathFor(path);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
  await syncFolder(dirname(path));
}

export function replaceFileSync(path: string, text: string): void {
  const temp = tempPathFor(path);
  const descriptor = openSync(temp, 'w', 0o600);
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temp, path);
  syncFolderSync(dirname(path));
}

/**
 * Temp files of `replaceFile` left in `folder` by a process killed between write and rename:
 * those of every file, or only those of the file named `of`.
 */
export function removeAbandonedTempFiles(folder: string, of?: string): void {
  for (const name of readdirSync(folder)) {
    const match = /^(.+)\.[0-9a-f]{12}\.tmp$/.exec(name);
    if (match !== null && (of === undefined || match[1] === of)) rmSync(join(folder, name), { force: true });
  }
}

function tempPathFor(path: string): string {
  return join(dirname(path), `${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open folders; the rename is still atomic there. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort, see above
  }
}

function syncFolderSync(folder: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(folder, 'r');
    fsyncSync(descriptor);
  } catch {
    // best effort, see syncFolder
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
