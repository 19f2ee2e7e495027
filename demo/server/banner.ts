/**
 * What `npm start` prints once everything listens: the page to open first (and its addresses on
 * the network, when the demo listens on every interface), then, with the emulator, how to call its
 * API directly. The demo answers to the names printed here and to no others (request-guard.ts).
 */
import { createChannelCurl } from '@ifls/emulator';
import type { ImageFluxBackend } from './imageflux-backend.js';

export function banner(demoUrl: string, backend: ImageFluxBackend, lanUrls: readonly string[] = []): string {
  const lines = ['', 'ifls demo', `  Open: ${demoUrl}`];
  // Browsers open the camera on localhost or HTTPS only: from another machine, watch, not broadcast.
  for (const url of lanUrls) lines.push(`  On your network (viewers): ${url}`);
  lines.push('');
  if (backend.emulator === undefined) {
    lines.push(`Using ImageFlux Live Streaming at ${backend.client.endpoint} (token from IFLS_ACCESS_TOKEN, not shown).`);
  } else {
    lines.push(
      'Using the local emulator (a development server, not a production media server):',
      `  API endpoint:  ${backend.emulator.url}`,
      `  Access token:  ${backend.emulator.token}  (made up for this run)`,
      '  Create a channel:',
      `    ${createChannelCurl(backend.emulator.url, backend.emulator.token)}`,
      '  Set IFLS_API_URL and IFLS_ACCESS_TOKEN to use the real service instead.',
    );
  }
  lines.push('', 'Stop with Ctrl-C.', '');
  return lines.join('\n');
}
