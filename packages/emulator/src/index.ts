export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator.js';
export { MAX_BODY_BYTES } from './api/api-endpoint.js';
export type {
  ArchiveDestinationRecord,
  ChannelRecord,
  MediaPlaneOptions,
  MediaPlaneSeam,
  PushAudience,
} from './media-seam.js';
