import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './emulator.js';

export const DEFAULT_PORT = 5080;
export const DEFAULT_HOST = '127.0.0.1';

export const USAGE = `Usage: ifls-emulator [options]

A local ImageFlux Live Streaming compatible service for development and tests:
the API (POST /), Sora-compatible signaling (/signaling) and HLS (/hls/...).

Options:
  --port <port>        TCP port (default ${DEFAULT_PORT}; 0 takes any free port)
  --host <address>     address to listen on (default ${DEFAULT_HOST})
  --token <token>      an access token the API accepts; repeat for several tenants.
                       Without one, a development token is made up and printed.
  --data-dir <folder>  keep channels and archive destinations in <folder> across restarts
                       (default: in memory); one emulator per folder
  --archive-root <folder>
                       allow file:// archive destinations inside <folder> (default: refused)
  --allow-internal-webhooks
                       let webhooks go to link-local and cloud metadata addresses
                       (default: refused; loopback and private networks are always allowed)
  --help               show this text

Environment:
  IFLS_EMULATOR_WEBHOOK_SECRET   sign every webhook with this secret (x-ifls-signature)
`;

export type CliCommand = { kind: 'help' } | { kind: 'run'; options: EmulatorOptions };

/** A command line the CLI cannot run; its message says what is wrong. */
export class CliUsageError extends Error {
  /** The error's name, as logs show it. */
  override readonly name = 'CliUsageError';
}

/** Reads the command line (without `node` and the script). */
export function parseCliArguments(args: string[]): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string', multiple: true },
        'data-dir': { type: 'string' },
        'archive-root': { type: 'string' },
        'allow-internal-webhooks': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };

  const options: EmulatorOptions = { port: portOf(values.port), host: values.host ?? DEFAULT_HOST };
  if (values.host === '') throw new CliUsageError('--host needs an address');
  if (values.token !== undefined) {
    for (const token of values.token) {
      if (!/^\S+$/.test(token)) throw new CliUsageError('--token needs a value without spaces');
    }
    options.tokens = values.token;
  }
  if (values['data-dir'] !== undefined) {
    if (values['data-dir'] === '') throw new CliUsageError('--data-dir needs a folder');
    options.dataDir = values['data-dir'];
  }
  if (values['archive-root'] !== undefined) {
    if (values['archive-root'] === '') throw new CliUsageError('--archive-root needs a folder');
    options.archiveRoot = values['archive-root'];
  }
  if (values['allow-internal-webhooks']) options.allowInternalWebhooks = true;
  return { kind: 'run', options };
}

function portOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new CliUsageError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(text)}`);
  return port;
}
