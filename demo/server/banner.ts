/**
 * What `npm start` prints once everything listens: the page to open first, then, with the
 * emulator, how to call its API directly.
 */
import { TARGETS } from '@ifls/api';
import type { ImageFluxBackend } from './imageflux-backend.js';

/** The spec's example channel, for the curl line. */
const EXAMPLE_CHANNEL = {
  hls: [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1000000 }, audio: { bps: 64000 } }],
};

export function banner(demoUrl: string, backend: ImageFluxBackend): string {
  const lines = ['', 'ifls demo', `  Open: ${demoUrl}`, ''];
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

export function createChannelCurl(url: string, token: string): string {
  return [
    'curl -X POST',
    `-H ${shellQuote(`Authorization: Bearer ${token}`)}`,
    `-H ${shellQuote(`X-Sora-Target: ${TARGETS.createChannel}`)}`,
    `-H ${shellQuote('Content-Type: application/json')}`,
    `-d ${shellQuote(JSON.stringify(EXAMPLE_CHANNEL))}`,
    shellQuote(url),
  ].join(' ');
}

/** Single quotes for POSIX shells; a single quote inside becomes '\''. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
