import type { FileArchiveRoot } from '../file-archive-root.js';
import { ApiError } from './api-error.js';
import { EMULATOR_LIMIT } from './emulator-limits.js';

/** Throws EMULATOR-LIMIT naming `field` when `bucketUri` is a file:// folder the emulator's operator has not allowed. */
export function checkArchiveFolder(root: FileArchiveRoot, bucketUri: string, field: string): void {
  const refusal = root.refusalOf(bucketUri);
  if (refusal !== undefined) throw new ApiError(400, EMULATOR_LIMIT, `${field}: ${refusal} (an emulator limit)`, field);
}
