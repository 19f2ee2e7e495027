/**
 * Checks that a webhook comes from the emulator that shares your secret. Neither ImageFlux nor
 * Sora documents a signature on its webhooks (the service is reached over TLS and its webhooks are
 * told apart by the URL you give it); the emulator signs them when its operator gives it a
 * secret (`IFLS_EMULATOR_WEBHOOK_SECRET`):
 *
 *     x-ifls-signature: t=<unix seconds>,v1=<hex of HMAC-SHA256(secret, "<t>.<body>")>
 *
 * The body is the request's bytes exactly as received. A signature older (or newer) than the
 * tolerance is refused, so a recorded delivery cannot be replayed later. Web Crypto is used (not
 * `node:crypto`) so the check runs wherever `handleFetch` does; its `verify` compares in
 * constant time.
 */

export const WEBHOOK_SIGNATURE_HEADER = 'x-ifls-signature';
/** How far a signature's time may be from the receiver's clock. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export interface WebhookSignatureOptions {
  /** The shared secret; several while one is being replaced (any of them verifies). */
  secret: string | readonly string[];
  /** Default 300 s. */
  toleranceSeconds?: number;
  /** The receiver's clock in milliseconds (tests); `Date.now` by default. */
  now?: () => number;
}

const encoder = new TextEncoder();

/** Whether `header` (the `x-ifls-signature` value) signs `body` with one of the secrets, recently enough. Never throws. */
export async function verifyWebhookSignature(
  header: string | null | undefined,
  body: Uint8Array,
  options: WebhookSignatureOptions,
): Promise<boolean> {
  try {
    const parsed = parseSignature(header);
    if (!parsed) return false;
    const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
    const nowSeconds = (options.now ?? Date.now)() / 1000;
    if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) return false;
    const signed = concat(encoder.encode(`${parsed.timestampText}.`), body);
    const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
    for (const secret of secrets) {
      if (secret === '') continue;
      const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      for (const digest of parsed.digests) {
        if (await crypto.subtle.verify('HMAC', key, digest, signed)) return true;
      }
    }
    return false;
  } catch {
    return false;
  }
}

/** `t=<digits>` once and one or more `v1=<64 hex digits>`; anything else is not a signature. */
function parseSignature(
  header: string | null | undefined,
): { timestamp: number; timestampText: string; digests: Uint8Array<ArrayBuffer>[] } | undefined {
  if (typeof header !== 'string' || header.length > 1024) return undefined;
  let timestampText: string | undefined;
  const digests: Uint8Array<ArrayBuffer>[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2) as [string, string?];
    if (name === 't' && /^\d{1,12}$/.test(value) && timestampText === undefined) timestampText = value;
    else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(value)) digests.push(hexBytes(value));
  }
  if (timestampText === undefined || digests.length === 0) return undefined;
  return { timestamp: Number(timestampText), timestampText, digests };
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1) bytes[index] = parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}
