import { TARGETS, type CreateChannelRequest } from '@ifls/api';

/** The spec's example CreateChannel body. */
const EXAMPLE_CHANNEL: CreateChannelRequest = {
  hls: [
    {
      durationSeconds: 1,
      startTimeOffset: -2,
      video: { width: 640, height: 480, fps: 30, bps: 1000000 },
      audio: { bps: 64000 },
    },
  ],
};

export interface BannerFacts {
  url: string;
  tokens: string[];
  /** True when the token was made up rather than given with --token. */
  tokenGenerated: boolean;
  dataDir: string | undefined;
  /** --archive-root, when given. */
  archiveRoot?: string | undefined;
}

/** What the CLI prints once it listens: where the API is, the tokens, and a curl to try it. */
export function startupBanner(facts: BannerFacts): string {
  const tokenLine =
    facts.tokens.length === 1
      ? `Access token:  ${facts.tokens[0]}${facts.tokenGenerated ? '  (made up for this run; pass --token <token> to choose one)' : ''}`
      : `Access tokens: ${facts.tokens.join(', ')}  (one tenant each)`;
  return [
    'ifls-emulator: a local ImageFlux Live Streaming service for development (not a production media server)',
    `API endpoint:  ${facts.url}`,
    tokenLine,
    `Data:          ${facts.dataDir ?? 'in memory (pass --data-dir <folder> to keep channels across restarts)'}`,
    ...(facts.archiveRoot === undefined ? [] : [`Archives:      file:// destinations inside ${facts.archiveRoot}`]),
    'Create a channel:',
    `  ${createChannelCurl(facts.url, facts.tokens[0] ?? '')}`,
    'Stop with Ctrl-C.',
  ].join('\n');
}

/** One line of shell that creates a channel with the spec's example body. */
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
