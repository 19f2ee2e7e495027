import type { IncomingMessage } from 'node:http';

/** A body read whole, or why not. */
export type BodyReading = { kind: 'complete'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'cut-off' };

/**
 * Reads the body of an HTTP message (a request to the API, or a webhook's answer) of at most
 * `limit` bytes. The one body reader of the emulator. A body that announces or reaches more is not
 * kept: the answer is `too-large` as soon as that is known, and the rest is left to the caller to
 * discard (or to cut). A body whose connection closes before its end (the client hung up,
 * or the server's request timeout cut it off) is `cut-off`. Never rejects.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<BodyReading> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large' });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        detach();
        chunks.length = 0;
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      detach();
      resolve({ kind: 'complete', bytes: Buffer.concat(chunks) });
    };
    // A request's 'error' is its connection failing ('aborted', ECONNRESET), then 'close' follows:
    // the client's doing, not the emulator's, so both are a cut-off body rather than a failure.
    const onCutOff = () => {
      detach();
      chunks.length = 0;
      resolve({ kind: 'cut-off' });
    };
    const detach = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onCutOff);
      request.off('close', onCutOff);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onCutOff);
    request.on('close', onCutOff);
  });
}
