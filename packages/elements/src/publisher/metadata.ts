import { PublisherError } from './publisher-error.js';

/*
 * Bounds on `metadata`, checked before connecting. They are the emulator's bounds
 * (packages/emulator, media/signaling-limits.ts): `metadata` at most 64 KiB as JSON, and no
 * signaling message nesting objects and arrays over 32 levels, the message itself being level 1.
 * `metadata` travels inside the `connect` message, one level down, so it may nest 31 levels itself.
 * ImageFlux Live Streaming and Sora publish no limit, so the element uses the emulator's: a page
 * that fits them fits both.
 */
/** The most bytes `metadata` may take as JSON (UTF-8 of `JSON.stringify(metadata)`). */
export const metadataMaxBytes = 64 * 1024;
/** The most levels of objects and arrays a signaling message may nest, the message itself being level 1. */
export const messageMaxDepth = 32;

/** How deep objects and arrays nest in `json`, a JSON text: `1` is 0, `{}` is 1 and `[[1]]` is 2. */
export function jsonDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth--;
  }
  return deepest;
}

/**
 * Why `metadata` cannot go with Sora's `connect` (`invalid-metadata`), or null when it can.
 * `undefined` is no metadata. What `JSON.stringify` throws on (a cycle, a BigInt) or turns into
 * nothing (a function or a symbol, at the top), what exceeds `metadataMaxBytes`, and what nests
 * over `messageMaxDepth` levels inside the `connect` message (over 31 by itself) is refused.
 * Anything else goes as `JSON.stringify` writes it (a nested function is left out, a Date becomes
 * a string).
 */
export function metadataProblem(metadata: unknown): PublisherError | null {
  if (metadata === undefined) return null;
  let json: string | undefined;
  try {
    json = JSON.stringify(metadata);
  } catch (error) {
    return invalidMetadata(`not JSON (${String(error)})`, { cause: error });
  }
  if (json === undefined) return invalidMetadata(`not JSON (a ${typeof metadata})`);
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > metadataMaxBytes) return invalidMetadata(`${bytes} bytes of JSON, over ${metadataMaxBytes}`);
  const depth = jsonDepth(json);
  if (depth + 1 > messageMaxDepth) {
    return invalidMetadata(`${depth} levels deep, over ${messageMaxDepth - 1} (${messageMaxDepth} in the connect message)`);
  }
  return null;
}

function invalidMetadata(why: string, options?: { cause: unknown }): PublisherError {
  return new PublisherError('invalid-metadata', `metadata cannot be sent: ${why}`, undefined, options);
}
