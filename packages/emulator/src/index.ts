export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator.js';
export { MAX_BODY_BYTES } from './api/api-endpoint.js';
export { createChannelCurl } from './startup-banner.js';
export type {
  ArchiveDestinationRecord,
  ChannelRecord,
  MediaPlaneOptions,
  MediaPlaneSeam,
  PushAudience,
} from './media-seam.js';
