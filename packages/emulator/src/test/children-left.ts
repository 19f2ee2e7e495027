/**
 * The last suite of a media test file: once every other suite has closed its emulator and browser,
 * no ffmpeg and no Chromium that this process started may still run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { liveDescendants } from '@ifls/test-support/process-children.js';
import { runningFfmpegProcesses } from '../media/ffmpeg-process.js';
import { waitFor } from './media-fixture.js';

/** Registers a suite named `suiteName` (call it after the file's other suites, so it runs last). */
export function describeNoChildrenLeft(suiteName: string): void {
  describe(suiteName, () => {
    test('no ffmpeg and no Chromium started by the suite is left', async () => {
      assert.equal(runningFfmpegProcesses.size, 0);
      const left = await waitFor(
        'children to exit',
        () => {
          const children = liveDescendants().filter((child) => /ffmpeg|chrom/i.test(child.command));
          return children.length === 0 ? children : undefined;
        },
        10_000,
      ).catch(() => liveDescendants());
      assert.deepEqual(left, []);
    });
  });
}
