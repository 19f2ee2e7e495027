/**
 * `GET /hls/<channel_id>/<file>`: the playlists (rendered, see variant-playlist.ts) and segments
 * of a channel. Names are checked before anything touches the disk: one path segment for the
 * channel and one for the file, `[A-Za-z0-9_.-]` only, no leading dot; percent-encoding is
 * decoded first and anything it hides (`/`, `\`, `..`) is refused. Files are looked up among
 * the segments a served playlist lists, never by a path built from the request.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChannelHls } from './channel-hls.js';

const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

export type HlsPathResult = { kind: 'not-hls' } | { kind: 'refused' } | { kind: 'file'; channelId: string; fileName: string };

/** Splits and checks a request path; `not-hls` for every path outside `/hls/`. */
export function parseHlsPath(rawUrl: string): HlsPathResult {
  const rawPath = rawUrl.split('?')[0]!;
  if (!rawPath.startsWith('/hls/')) return { kind: 'not-hls' };
  const parts = rawPath.slice('/hls/'.length).split('/');
  if (parts.length !== 2) return { kind: 'refused' };
  const decoded: string[] = [];
  for (const part of parts) {
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return { kind: 'refused' };
    }
    if (!SAFE_NAME.test(name) || name.includes('..')) return { kind: 'refused' };
    decoded.push(name);
  }
  return { kind: 'file', channelId: decoded[0]!, fileName: decoded[1]! };
}

export function serveHls(
  request: IncomingMessage,
  response: ServerResponse,
  path: { channelId: string; fileName: string },
  hls: ChannelHls | undefined,
): void {
  const headers = { 'access-control-allow-origin': '*' };
  if (request.method === 'OPTIONS') {
    response.writeHead(204, { ...headers, 'access-control-allow-methods': 'GET, HEAD, OPTIONS', 'access-control-max-age': '600' });
    response.end();
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, allow: 'GET, HEAD, OPTIONS' });
    response.end();
    return;
  }
  const notFound = () => {
    response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    response.end('not found\n');
  };
  if (!hls) return notFound();

  if (path.fileName.endsWith('.m3u8')) {
    const playlist = hls.playlist(path.fileName);
    if (!playlist) return notFound();
    response.writeHead(200, {
      ...headers,
      'content-type': playlist.contentType,
      'cache-control': 'no-cache, no-store',
      'content-length': Buffer.byteLength(playlist.body),
    });
    response.end(request.method === 'HEAD' ? undefined : playlist.body);
    return;
  }

  const contentType = segmentContentType(path.fileName);
  const file = contentType ? hls.segmentPath(path.fileName) : undefined;
  if (!contentType || !file) return notFound();
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return notFound();
  }
  response.writeHead(200, {
    ...headers,
    'content-type': contentType,
    'content-length': size,
    // a segment never changes once listed
    'cache-control': 'public, max-age=60',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

function segmentContentType(fileName: string): string | undefined {
  if (fileName.endsWith('.ts')) return 'video/mp2t';
  if (fileName.endsWith('.m4s') || fileName.endsWith('.mp4')) return 'video/mp4';
  if (fileName.endsWith('.aac')) return 'audio/aac';
  return undefined;
}
