import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { ImageFluxValidationError, isKnownTarget, validateRequest, type Target } from '@ifls/api';
import { tenantOf } from '../store/tenant.js';
import { ApiError } from './api-error.js';
import { bearerTokenOf } from './bearer-token.js';
import { CORS_HEADERS } from './cors.js';
import { checkBodyDepth, checkEmulatorLimits } from './emulator-limits.js';
import { sendJson } from './json-response.js';
import { readBody } from '../read-body.js';
import type { TargetHandlers } from './target-handlers.js';
import { isJsonObject } from '../json-object.js';

/** Largest request body the API reads (1 MiB); every valid request is far smaller. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * After a 413 the rest of the upload is read and thrown away, so the client gets to read the
 * answer instead of a reset connection; past this many further bytes the connection is cut.
 */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

export interface ApiEndpointOptions {
  handlers: TargetHandlers;
  /** The tenant (`tenantOf(token)`) of every accepted token. */
  tenants: ReadonlySet<string>;
  log(line: string): void;
}

/**
 * `POST /`: the ImageFlux API. Checks, in order: method, token, `X-Sora-Target`, body size, JSON
 * (and its nesting depth), the request's fields (with `@ifls/api`'s `validateRequest`, so the
 * client and the emulator agree), the emulator's own limits (emulator-limits.ts), then runs the
 * target's handler. Every failure is a JSON error body; nothing a client sends can make it throw
 * out of `handle`.
 */
export class ApiEndpoint {
  private readonly options: ApiEndpointOptions;

  constructor(options: ApiEndpointOptions) {
    this.options = options;
  }

  /** Answers one API request (CORS, token, target, body, handler); never rejects. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS);
      response.end();
      return;
    }
    const target = soraTargetHeaderOf(request);
    let status: number;
    try {
      const answer = await this.answer(request);
      status = 200;
      sendJson(response, status, answer, CORS_HEADERS);
    } catch (error) {
      status = this.sendError(request, response, error);
    }
    this.options.log(`${request.method} / ${describeTarget(target)} ${status}`);
  }

  private async answer(request: IncomingMessage): Promise<unknown> {
    if (request.method !== 'POST') {
      throw new ApiError(405, 'METHOD-NOT-ALLOWED', `Use POST on the API endpoint, not ${request.method}.`);
    }
    const tenant = this.authenticate(request);
    const target = targetOf(request);
    const body = await this.readJsonObject(request);
    try {
      // file:// destinations let archives be tried on one machine; only the emulator takes them.
      validateRequest(target, body, { allowFileBucketUri: true });
    } catch (error) {
      if (!(error instanceof ImageFluxValidationError)) throw error;
      const errorType = error.kind === 'missing' ? 'MISSING-PARAMETER' : 'INVALID-PARAMETER';
      throw new ApiError(400, errorType, error.message, error.field);
    }
    // Past what the spec asks: limits that keep one request from exhausting the emulator.
    checkEmulatorLimits(target, body);
    // validateRequest has checked that `body` is the target's request type.
    const handler = this.options.handlers[target] as (tenant: string, request: unknown) => unknown;
    return await handler(tenant, body);
  }

  private authenticate(request: IncomingMessage): string {
    const token = bearerTokenOf(request.headers.authorization);
    // Compared as hashes: no early exit on the first differing character of a real token.
    const tenant = token === undefined ? undefined : tenantOf(token);
    if (tenant === undefined || !this.options.tenants.has(tenant)) {
      throw new ApiError(401, 'UNAUTHORIZED', 'Send a valid access token as "Authorization: Bearer <token>".');
    }
    return tenant;
  }

  private async readJsonObject(request: IncomingMessage): Promise<object> {
    const body = await readBody(request, MAX_BODY_BYTES);
    if (body.kind === 'too-large') {
      throw new ApiError(413, 'PAYLOAD-TOO-LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    if (body.kind === 'cut-off') {
      // Nobody is left to read this answer; it names the case in the log line.
      throw new ApiError(408, 'REQUEST-TIMEOUT', 'The connection closed before the request body ended.');
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
    } catch {
      throw new ApiError(400, 'INVALID-JSON', 'The request body is not UTF-8 text.');
    }
    // An empty body is read as `{}`, so that targets without parameters can be called without one.
    if (text.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ApiError(400, 'INVALID-JSON', `The request body is not JSON: ${(error as Error).message}`);
    }
    if (!isJsonObject(parsed)) {
      throw new ApiError(400, 'INVALID-JSON', 'The request body must be a JSON object.');
    }
    checkBodyDepth(parsed);
    return parsed;
  }

  /** Answers `error` and returns the status sent. */
  private sendError(request: IncomingMessage, response: ServerResponse, error: unknown): number {
    if (!(error instanceof ApiError)) {
      this.options.log(`Unexpected error on POST /: ${error instanceof Error ? error.stack : String(error)}`);
      error = new ApiError(500, 'INTERNAL-ERROR', 'The emulator failed on this request; its log says why.');
    }
    const apiError = error as ApiError;
    if (response.headersSent || response.destroyed) {
      response.destroy();
      return apiError.status;
    }
    const headers: OutgoingHttpHeaders = { ...CORS_HEADERS };
    if (apiError.status === 401) headers['www-authenticate'] = 'Bearer';
    if (apiError.status === 405) headers.allow = 'POST, OPTIONS';
    if (apiError.status === 413) {
      headers.connection = 'close';
      discardRestOf(request);
    }
    sendJson(response, apiError.status, apiError.toBody(), headers);
    return apiError.status;
  }
}

function targetOf(request: IncomingMessage): Target {
  const target = soraTargetHeaderOf(request);
  if (target === undefined || target.trim() === '') {
    throw new ApiError(400, 'MISSING-TARGET', 'Name the operation in the X-Sora-Target header.');
  }
  if (!isKnownTarget(target)) {
    throw new ApiError(400, 'UNKNOWN-TARGET', `Unknown X-Sora-Target ${JSON.stringify(target)}.`, 'X-Sora-Target');
  }
  return target;
}

/** Node joins repeated unknown headers into one string; the type still allows an array. */
function soraTargetHeaderOf(request: IncomingMessage): string | undefined {
  const value = request.headers['x-sora-target'];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Reads what is left of an upload into nothing, and cuts a connection that keeps sending. */
function discardRestOf(request: IncomingMessage): void {
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARDED_BYTES) request.socket.destroy();
  });
  request.resume();
}

/** The target as it may be logged: quoted, short, one line. */
function describeTarget(target: string | undefined): string {
  if (target === undefined) return '(no target)';
  if (isKnownTarget(target)) return target;
  return JSON.stringify(target.length > 80 ? `${target.slice(0, 80)}…` : target);
}
