/**
 * Requests as a hostile or unusual client sends them, for the demo's tests: any `Host` and
 * `Origin` (fetch would set its own), bodies of any bytes, and bare sockets that send slowly or
 * hang up half way.
 */
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body as JSON, or undefined if it is not. */
  json: unknown;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One request over a fresh connection to `base` (e.g. `http://127.0.0.1:8080/`). */
export function rawRequest(base: string, options: RawRequest): Promise<RawAnswer> {
  const url = new URL(options.path, base);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

export interface OpenSocket {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server (or the network) closed the connection, with ms since it opened. */
  closed: Promise<number>;
}

/** A bare TCP connection to `base`'s host and port; `first` is written once connected. */
export async function openSocket(base: string, first = ''): Promise<OpenSocket> {
  const url = new URL(base);
  const opened = Date.now();
  const socket = connect(Number(url.port), url.hostname);
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  // A reset is how some closes arrive; it is the end of the connection, nothing more.
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  if (first !== '') socket.write(first);
  return { socket, received: () => received, closed };
}
