/** A local HTTP server standing in for a site's auth and event webhooks: it records every call. */
import { createServer, type Server } from 'node:http';

export interface RecordedWebhook {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  /** The body's bytes as sent, as text (what a signature covers). */
  raw: string;
}

export type WebhookAnswer = { status: number; body: unknown } | { delayMs: number; status: number; body: unknown };

export interface WebhookRecorder {
  origin: string;
  calls: RecordedWebhook[];
  /** How `path` answers (default: 200 `{"allowed": true}`). */
  answer(path: string, answer: WebhookAnswer): void;
  close(): Promise<void>;
}

export async function startWebhookRecorder(): Promise<WebhookRecorder> {
  const calls: RecordedWebhook[] = [];
  const answers = new Map<string, WebhookAnswer>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded as {}
      }
      calls.push({ path, headers: request.headers, body, raw });
      const answer = answers.get(path) ?? { status: 200, body: { allowed: true } };
      const send = () => {
        if (response.destroyed) return;
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      };
      if ('delayMs' in answer) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    answer: (path, answer) => answers.set(path, answer),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
