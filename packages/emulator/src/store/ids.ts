import { randomInt } from 'node:crypto';

/** Crockford's base32 alphabet: no I, L, O or U, so ids survive being read aloud or retyped. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Length of Sora's ids (26 characters, 130 bits). */
export const ID_LENGTH = 26;

/** Matches an id made by `newId`. */
export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A new random id in the shape Sora uses for channel and connection ids. */
export function newId(): string {
  let id = '';
  for (let index = 0; index < ID_LENGTH; index += 1) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
