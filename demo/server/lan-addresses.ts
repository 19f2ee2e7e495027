/**
 * The addresses other machines on the network reach the demo at, when it listens on every
 * interface (DEMO_HOST=0.0.0.0 or ::): the banner prints them, and they are among the names the
 * demo answers to.
 */
import { networkInterfaces } from 'node:os';

/** This machine's non-loopback addresses for `bindHost`, IPv6 in brackets; none unless it is a wildcard. */
export function lanAddresses(bindHost: string): string[] {
  if (bindHost !== '0.0.0.0' && bindHost !== '::') return [];
  const found: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      if (entry.family === 'IPv4') found.push(entry.address);
      // `0.0.0.0` takes IPv4 only; link-local IPv6 needs a zone id no browser accepts in a URL.
      else if (bindHost === '::' && !entry.address.toLowerCase().startsWith('fe80:')) found.push(`[${entry.address}]`);
    }
  }
  return found;
}
