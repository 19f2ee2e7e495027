/**
 * A signaling client made of a bare WebSocket (it sends whatever a test wants, valid or not) and,
 * when asked, a werift peer connection that answers the emulator's offer like a browser would.
 */
import { RTCPeerConnection } from 'werift';
import { WebSocket } from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

export type SignalingMessage = Record<string, unknown> & { type: string };

export class RawSignalingClient {
  readonly socket: WebSocket;
  readonly messages: SignalingMessage[] = [];
  readonly closed: Promise<Closed>;
  private closeReceived: Closed | undefined;
  private pc: RTCPeerConnection | undefined;
  private waiters = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      try {
        this.messages.push(JSON.parse(data.toString()) as SignalingMessage);
      } catch {
        // not for us to judge
      }
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closeReceived = { code, reason: reason.toString() };
        resolve(this.closeReceived);
        this.wake();
      });
    });
    socket.on('error', () => undefined);
  }

  /** Opens a socket to `soraUrl`. */
  static open(soraUrl: string): Promise<RawSignalingClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(soraUrl);
      const client = new RawSignalingClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** Opens a socket and sends a `connect` (its JSON text given whole, or built from `fields`). */
  static async connect(soraUrl: string, connect: string | Record<string, unknown>): Promise<RawSignalingClient> {
    const client = await RawSignalingClient.open(soraUrl);
    client.send(typeof connect === 'string' ? connect : JSON.stringify({ type: 'connect', ...connect }));
    return client;
  }

  get closedWith(): Closed | undefined {
    return this.closeReceived;
  }

  get peerConnection(): RTCPeerConnection | undefined {
    return this.pc;
  }

  /** Sends a string as a text frame and a Buffer as a binary one, unless `{ text: Buffer }`: those bytes as a text frame. */
  send(frame: string | Buffer | { text: Buffer }): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (typeof frame === 'object' && 'text' in frame) this.socket.send(frame.text, { binary: false });
    else this.socket.send(frame);
  }

  /**
   * The first message of `type` (matching `where`), or the close if the socket closes first.
   * Rejects after `timeoutMs`.
   */
  async next(
    type: string,
    where: (message: SignalingMessage) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<SignalingMessage | Closed> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((message) => message.type === type && where(message));
      if (found) return found;
      if (this.closeReceived) return this.closeReceived;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no ${type} within ${timeoutMs} ms (got ${this.messages.map((message) => message.type).join(', ') || 'nothing'})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, 1000));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  /** How the emulator closed the socket; rejects if it is still open after `timeoutMs`. */
  async waitClosed(timeoutMs = 60_000): Promise<Closed> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the socket is still open after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for the offer; throws with the close code and reason if the emulator refused instead. */
  async offer(timeoutMs = 30_000): Promise<SignalingMessage> {
    const offer = await this.next('offer', undefined, timeoutMs);
    if (!('type' in offer)) throw new Error(`refused: ${offer.code} ${offer.reason}`);
    return offer;
  }

  /** Answers the offer with a werift peer connection (sending nothing), without waiting for it to connect. */
  async sendAnswer(timeoutMs = 30_000): Promise<RTCPeerConnection> {
    const offer = await this.offer(timeoutMs);
    const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] });
    this.pc = pc;
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp as string });
    await pc.setLocalDescription(await pc.createAnswer());
    this.send(JSON.stringify({ type: 'answer', sdp: pc.localDescription!.sdp }));
    return pc;
  }

  /** Answers the offer like `sendAnswer` and waits until the peer connection is connected. */
  async answer(timeoutMs = 30_000): Promise<RTCPeerConnection> {
    const pc = await this.sendAnswer(timeoutMs);
    if (pc.connectionState === 'connected') return pc;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`peer connection not connected within ${timeoutMs} ms`)), timeoutMs);
      const check = (state: string) => {
        if (state !== 'connected') return;
        clearTimeout(timer);
        resolve();
      };
      pc.connectionStateChange.subscribe(check);
      check(pc.connectionState);
    });
    return pc;
  }

  /** Answers every `ping` from now on (the emulator closes a silent client after 15 s). */
  keepAlive(): void {
    this.socket.on('message', (data) => {
      if (data.toString().includes('"ping"')) this.send(JSON.stringify({ type: 'pong' }));
    });
  }

  /** The connection id the offer gave this client. */
  connectionId(): string | undefined {
    return this.messages.find((message) => message.type === 'offer')?.connection_id as string | undefined;
  }

  /** Closes the socket and the peer connection; resolves once both are gone (at most ~5 s). */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(1000);
    const timer = new Promise((resolve) => setTimeout(resolve, 5000).unref());
    await Promise.race([this.closed, timer]);
    if (!this.closeReceived) this.socket.terminate();
    await this.pc?.close().catch(() => undefined);
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

/** A JSON array nested `depth` levels deep, written by hand (JSON.stringify overflows on it). */
export function deepJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
