/**
 * The WebSocket side of a signaling connection: messages out as JSON, never more than
 * MAX_SEND_BUFFER_BYTES waiting unread, and a close that falls back to cutting the socket.
 * Neither throws: the channel loops over its members and calls them.
 */
import type { WebSocket } from 'ws';
import { describeError } from '../describe-error.js';
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';
import { MAX_SEND_BUFFER_BYTES } from './signaling-limits.js';

export interface SignalingSocketOptions {
  /** Whether the connection has ended (its late send failures are no news). */
  isClosed(): boolean;
  /** Too much waits unread: the connection must close with `close` (called from a later tick). */
  onSendBufferFull(close: SignalingClose): void;
  /** Writes one line to the log, with the connection's label. */
  log(line: string): void;
}

export class SignalingSocket {
  /** Too much waits unread for the client: nothing more is sent, the close is on its way. */
  private sendBlocked = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: SignalingSocketOptions,
  ) {}

  /** Sends a message; false when it could not be sent (closed, or the message cannot be serialized). */
  send(message: Record<string, unknown>): boolean {
    if (this.options.isClosed() || this.sendBlocked || this.socket.readyState !== this.socket.OPEN) return false;
    try {
      const text = JSON.stringify(message);
      if (this.socket.bufferedAmount + Buffer.byteLength(text) > MAX_SEND_BUFFER_BYTES) {
        // A client that does not read must not make the process hold its messages forever.
        this.sendBlocked = true;
        const close = signalingClose(CloseCode.sendBufferFull, `SEND-BUFFER-FULL: over ${MAX_SEND_BUFFER_BYTES} bytes unread`);
        // Not from inside the caller's loop over the channel's members.
        setImmediate(() => this.options.onSendBufferFull(close));
        return false;
      }
      this.socket.send(text, (error) => {
        if (error && !this.options.isClosed()) this.options.log(`sending failed: ${error.message}`);
      });
      return true;
    } catch (error) {
      this.options.log(`could not send a ${String(message.type)}: ${describeError(error)}`);
      return false;
    }
  }

  /** Closes the socket with `close`, or cuts it when that fails. */
  close(close: SignalingClose): void {
    try {
      if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
        this.socket.close(close.code, close.reason);
      }
    } catch (error) {
      this.options.log(`closing the socket failed: ${describeError(error)}`);
      try {
        this.socket.terminate();
      } catch {
        // nothing more to do for this socket
      }
    }
  }
}
