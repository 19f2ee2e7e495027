/**
 * Reads one client frame into a signaling message, or says how to close the connection: the
 * rate, the frame kind, the size and the nesting depth are checked before JSON.parse builds
 * anything (issue 12), so nothing later (JSON.stringify of a notify, a webhook) can overflow the
 * stack on it.
 */
import type { RawData } from 'ws';
import { isJsonObject } from '../json-object.js';
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH, MAX_MESSAGE_BYTES, MAX_MESSAGES_PER_SECOND } from './signaling-limits.js';

/** A client message: a JSON object with a string `type`. */
export type SignalingMessage = Record<string, unknown> & { type: string };

export type FrameReading = { ok: true; message: SignalingMessage } | { ok: false; close: SignalingClose };

export class FrameReader {
  /** Messages counted in the current one-second window (MAX_MESSAGES_PER_SECOND). */
  private rateWindowStart = 0;
  private rateCount = 0;

  /** Reads the frame the socket received; every frame counts against the rate, refused or not. */
  read(data: RawData, isBinary: boolean): FrameReading {
    if (!this.withinMessageRate())
      return refuse(CloseCode.tooManyMessages, `TOO-MANY-MESSAGES: over ${MAX_MESSAGES_PER_SECOND} in one second`);
    if (isBinary) return refuse(CloseCode.invalidMessage, 'INVALID-MESSAGE: binary frames are not accepted');
    if (rawDataByteLength(data) > MAX_MESSAGE_BYTES)
      return refuse(CloseCode.messageTooLarge, `MESSAGE-TOO-LARGE: over ${MAX_MESSAGE_BYTES} bytes`);
    const text = rawDataToString(data);
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH))
      return refuse(CloseCode.messageTooDeep, `MESSAGE-TOO-DEEP: nests over ${MAX_JSON_DEPTH} levels`);
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return refuse(CloseCode.invalidMessage, 'INVALID-MESSAGE: not JSON');
    }
    if (!isJsonObject(message) || typeof message.type !== 'string') {
      return refuse(CloseCode.invalidMessage, 'INVALID-MESSAGE: not a JSON object with a type');
    }
    return { ok: true, message: message as SignalingMessage };
  }

  private withinMessageRate(): boolean {
    const now = Date.now();
    if (now - this.rateWindowStart >= 1000) {
      this.rateWindowStart = now;
      this.rateCount = 0;
    }
    this.rateCount += 1;
    return this.rateCount <= MAX_MESSAGES_PER_SECOND;
  }
}

function refuse(code: number, reason: string): FrameReading {
  return { ok: false, close: signalingClose(code, reason) };
}

function rawDataByteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((total, chunk) => total + chunk.length, 0);
  return data.byteLength;
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
