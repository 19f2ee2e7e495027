import { createHash } from 'node:crypto';

/**
 * The tenant an access token stands for: a sha256 of the token, so that the store, its file and
 * the media plane never hold the token itself.
 */
export function tenantOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
