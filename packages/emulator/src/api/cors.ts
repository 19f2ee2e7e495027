/**
 * CORS headers of the API, as Sora sends them with `api_cors_origin`, so that browser tools can
 * call the emulator. Any origin is allowed: the emulator is a development server, and the token
 * is what guards it.
 */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'Origin, X-Requested-With, Content-Type, Accept, Authorization, X-Sora-Target',
  'access-control-max-age': '1000',
} as const;
