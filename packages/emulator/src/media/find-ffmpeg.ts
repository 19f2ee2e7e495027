/**
 * Which ffmpeg to run: `FFMPEG_PATH`, else the configured one, else `ffmpeg` on PATH, else the
 * binary of the npm package `@ffmpeg-installer/ffmpeg` when it is installed (an optional
 * dependency the project may add; it is never required here).
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

export function findFfmpeg(configured: string | undefined): string | undefined {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  if (configured) return configured;
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
    if (isExecutable(candidate)) return candidate;
  }
  try {
    const installer = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path?: string };
    if (installer.path && isExecutable(installer.path)) return installer.path;
  } catch {
    // not installed
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
