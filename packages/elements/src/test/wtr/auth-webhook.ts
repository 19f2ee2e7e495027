/** A channel's auth webhook for the browser tests: records what the emulator asks and answers as told. */
import type { JsonObject } from '@ifls/api';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AuthWebhook {
  url: string;
  /** The JSON bodies of the requests received, in order. */
  requests: JsonObject[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that answers every POST with `answer`, as a channel's auth webhook. */
export async function startAuthWebhook(answer: JsonObject): Promise<AuthWebhook> {
  const requests: JsonObject[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      try {
        requests.push(JSON.parse(body) as JsonObject);
      } catch {
        requests.push({ unparsed: body });
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/auth`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
