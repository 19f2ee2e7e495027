export { ImageFluxClient, DEFAULT_ENDPOINT, type ImageFluxClientOptions } from './client.js';
export { normalizeAudioBitrate, AUDIO_BITRATES, DEFAULT_AUDIO_BITRATE } from './audio-bitrate.js';
export { validateRequest, isKnownTarget, type ValidateOptions } from './validate.js';
export { parseBucketUri, bucketUriExpectation, type BucketLocation, type BucketScheme, type BucketUriOptions } from './bucket-uri.js';
export { ImageFluxError } from './errors/imageflux-error.js';
export { ImageFluxApiError } from './errors/api-error.js';
export { ImageFluxValidationError } from './errors/validation-error.js';
export { ImageFluxNetworkError } from './errors/network-error.js';
export { ImageFluxTimeoutError } from './errors/timeout-error.js';
export { ImageFluxConfigurationError } from './errors/configuration-error.js';
export * from './types.js';
export * from './webhooks/types.js';
export { createAuthWebhookHandler, type AuthWebhookDecider } from './webhooks/auth-webhook-handler.js';
export { createEventWebhookHandler, type EventWebhookListener } from './webhooks/event-webhook-handler.js';
export {
  isEventWebhook,
  isConnectionEventWebhook,
  isArchiveCreatedEventWebhook,
  isArchiveFailedEventWebhook,
} from './webhooks/event-guards.js';
export type { WebhookHandler, WebhookHandlerOptions } from './webhooks/webhook-handler.js';
export {
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  type WebhookSignatureOptions,
} from './webhooks/webhook-signature.js';
