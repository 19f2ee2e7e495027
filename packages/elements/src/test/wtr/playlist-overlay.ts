/** A relay in front of a live HLS origin that answers some playlist paths itself, for the player's fault tests. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A canned answer of a playlist overlay: a status, and a body for a 2xx. */
export interface OverlayAnswer {
  status: number;
  body?: string;
}

export interface PlaylistOverlay {
  origin: string;
  /** Answers given instead of the upstream's, by path. */
  answers: Map<string, OverlayAnswer>;
  /** Every request, in order: its path and the status it got. */
  requests: { path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 that relays `upstream` (an origin: same paths), except the paths
 * given canned answers: a multivariant playlist that is there while one of its media playlists is
 * not, or lists no segment yet, which no encoder makes on purpose.
 */
export async function startPlaylistOverlay(upstream: string): Promise<PlaylistOverlay> {
  const answers = new Map<string, OverlayAnswer>();
  const requests: { path: string; status: number }[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://overlay').pathname;
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    const canned = answers.get(path);
    const answer: Promise<{ status: number; type?: string; body?: Buffer | string }> = canned
      ? Promise.resolve({ ...canned, type: 'application/vnd.apple.mpegurl' })
      : fetch(new URL(path, upstream), { cache: 'no-store' }).then(
          async (relayed) => ({
            status: relayed.status,
            type: relayed.headers.get('content-type') ?? undefined,
            body: Buffer.from(await relayed.arrayBuffer()),
          }),
          () => ({ status: 502 }),
        );
    void answer.then(({ status, type, body }) => {
      requests.push({ path, status });
      response.writeHead(status, { ...headers, ...(type ? { 'content-type': type } : {}) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    answers,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
