/**
 * What one signaling client may send and hold. These are EMULATOR limits: ImageFlux and Sora
 * state none that we could read, so they are chosen to be far above what sora-js-sdk sends
 * (a `connect` of a few KiB, a dozen candidates) and low enough that no client can exhaust the
 * process. The close code of each is in signaling-close.ts; the README lists them under "Limits".
 *
 * The connection caps and the negotiation deadline can be changed with environment variables
 * (for load tests, or for tests that need small numbers); the message limits cannot.
 */

/** Largest WebSocket message the server reads at all; ws closes with 1009 above it. */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Largest signaling message (a `connect` with its metadata, an answer, a candidate…): 4030 above it. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** Deepest nesting of objects and arrays in a message, the message itself being level 1: 4031 above it. */
export const MAX_JSON_DEPTH = 32;
/** `metadata`, `signaling_notify_metadata` (connect) and the auth webhook's `metadata`, `event_metadata`, serialized. */
export const MAX_METADATA_BYTES = 64 * 1024;
/** `client_id`, `bundle_id` (connect, auth webhook payout). */
export const MAX_ID_BYTES = 255;
/** Messages a client may send in one second: 4033 above it. */
export const MAX_MESSAGES_PER_SECOND = 100;
/** What may wait unread for a client (notifies, pushes) before it is closed with 4036. */
export const MAX_SEND_BUFFER_BYTES = 16 * 1024 * 1024;

export interface ConnectionLimits {
  /** Connections on one channel, from an accepted `connect` to their end (4034 above it). */
  maxChannelConnections: number;
  /** Connections on all the channels of one access token (4035 above it). */
  maxTenantConnections: number;
  /** From an accepted `connect` (and from each `re-offer`) to a connected peer connection (4009 after it). */
  negotiationTimeoutMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxChannelConnections: 50,
  maxTenantConnections: 200,
  negotiationTimeoutMs: 15_000,
};

export const CONNECTION_LIMIT_VARIABLES: Record<keyof ConnectionLimits, string> = {
  maxChannelConnections: 'IFLS_EMULATOR_MAX_CHANNEL_CONNECTIONS',
  maxTenantConnections: 'IFLS_EMULATOR_MAX_TENANT_CONNECTIONS',
  negotiationTimeoutMs: 'IFLS_EMULATOR_NEGOTIATION_TIMEOUT_MS',
};

/** The defaults, with each one an environment variable sets to a positive integer; others are logged and ignored. */
export function connectionLimitsFrom(env: NodeJS.ProcessEnv, log: (line: string) => void): ConnectionLimits {
  const limits = { ...DEFAULT_CONNECTION_LIMITS };
  for (const key of Object.keys(CONNECTION_LIMIT_VARIABLES) as (keyof ConnectionLimits)[]) {
    const name = CONNECTION_LIMIT_VARIABLES[key];
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (Number.isSafeInteger(value) && value > 0) limits[key] = value;
    else log(`media: ${name}=${text} is not a positive integer; using ${limits[key]}`);
  }
  return limits;
}

/**
 * Whether the JSON text nests objects and arrays deeper than `maxDepth`, found without parsing
 * (and without recursion): run it before `JSON.parse`, so nothing deep is ever built.
 * Text that is not JSON may get either answer; JSON.parse judges it afterwards.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c /* \ */) index += 1;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      depth -= 1;
    }
  }
  return false;
}

/** How deep a parsed value nests objects and arrays (a scalar is 0), measured without recursion; stops past `maxDepth`. */
export function valueDepth(value: unknown, maxDepth: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > maxDepth) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Why a JSON value (metadata and the like) is too big to keep, or undefined when it fits:
 * deeper than MAX_JSON_DEPTH or longer than `maxBytes` once serialized.
 */
export function jsonValueProblem(name: string, value: unknown, maxBytes = MAX_METADATA_BYTES): string | undefined {
  if (value === undefined) return undefined;
  if (valueDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return `${name} nests over ${MAX_JSON_DEPTH} levels`;
  // Safe now: the value is at most MAX_JSON_DEPTH deep.
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  if (bytes > maxBytes) return `${name} is over ${maxBytes} bytes`;
  return undefined;
}

/** Why a string id is too long, or undefined. */
export function idProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return Buffer.byteLength(value) > MAX_ID_BYTES ? `${name} is over ${MAX_ID_BYTES} bytes` : undefined;
}
