import Sora from 'sora-js-sdk';
import { sleep } from '../internal/abortable-sleep.js';
import { ReconnectPolicy } from '../internal/reconnect-policy.js';
import { connectFailure, giveUp, lostAsMade } from './connect-failure.js';
import type { MediaKind } from './media-flow.js';
import { confirmMediaFlows } from './media-flow-check.js';
import { PublisherError } from './publisher-error.js';
import type { PublisherVideoCodec } from './publisher-types.js';
import type { TrackSender } from './track-sender.js';
import { videoCodecOfMimeType } from './video-codec.js';
import type {
  JsonValue,
  SoraCloseEvent,
  SoraConnectionOptions,
  SoraNotifyMessage,
  SoraPublisher,
  SoraPushMessage,
  SoraSdk,
} from './sora-types.js';

/** The SDK's own typings arrive as `any` (see sora-types.ts): this gives its default export ours. */
const sora: SoraSdk = Sora;

/** Where and how to publish. */
export interface SessionTarget {
  soraUrl: string;
  channelId: string;
  /** Sent with `connect`, for the auth webhook. */
  metadata: JsonValue | undefined;
  /** Asked of the server as `video.codec_type`; one the browser can send. */
  videoCodec: PublisherVideoCodec;
  options: Omit<SoraConnectionOptions, 'videoCodecType'>;
  /** sora-js-sdk's own `connectionTimeout` never fires, so each attempt gets this one. */
  connectTimeoutMs: number;
  reconnectAttempts: number;
}

/** What the session tells its element. */
export interface SessionListener {
  live(): void;
  /** A reconnect attempt begins (`reconnectAttempt` says which). */
  reconnecting(): void;
  /** The server ended the broadcast normally (the channel was deleted, the lifetime is over). */
  ended(event: SoraCloseEvent): void;
  /** The connection could not be made, or was lost and could not be made again. */
  failed(error: PublisherError): void;
  push(data: Record<string, unknown>): void;
  notify(message: SoraNotifyMessage): void;
}

/** `closed` until `open()`, and again after `close()`, an end or a failure. */
export type SessionState = 'closed' | 'connecting' | 'live' | 'reconnecting';

/**
 * One broadcast over Sora signaling with sora-js-sdk: connects, reconnects by itself after an
 * abnormal disconnect (bounded backoff), and closes. Every run has an AbortController, so
 * `close()` wins over whatever is in flight: a connect that finishes after it is disconnected.
 * A connection counts as made only once its media is seen leaving the browser: sora-js-sdk's
 * `connect()` resolves on ICE alone, even when negotiation dropped the video.
 *
 * It knows nothing of Lit or of the element: it reports to its listener, and whatever follows its
 * `state` (the live clock, the network figures) observes it.
 */
export class SoraSession implements TrackSender {
  /** Where the session is; observers hear each change (`observe`). */
  state: SessionState = 'closed';
  /** The sora-js-sdk connection in use; null when closed and between reconnect attempts. */
  connection: SoraPublisher | null = null;
  /** 1 for the first reconnect attempt of an outage, 2 for the second, … */
  reconnectAttempt = 0;
  /** The codec asked for while connecting, then the one the stats say is sent; null when closed. */
  videoCodec: PublisherVideoCodec | null = null;
  /** The connection made whose media is being checked or flows: track switches go to it. */
  private sending: SoraPublisher | null = null;
  /** Aborted by `close()` (and by the next `open()`): the run's connects, waits and checks stand down. */
  private run: AbortController | null = null;
  /** The connect() in flight, which close() cannot cancel (see `abandon`). */
  private attempt: Attempt | null = null;
  /** Settles once every connection closed or given up on is gone: the channel takes one broadcaster at a time. */
  private teardown: Promise<void> = Promise.resolve();
  /** How many disconnects of earlier connections are still under way. */
  private tearingDown = 0;
  private readonly observers = new Set<(state: SessionState) => void>();

  constructor(private readonly listener: SessionListener) {}

  /** Calls `observer` with each new `state` until the returned function is called. */
  observe(observer: (state: SessionState) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Resolves once live, or once this run is over (closed, or failed: `listener.failed` says why). */
  async open(target: SessionTarget, stream: MediaStream): Promise<void> {
    void this.close();
    const run = new AbortController();
    this.run = run;
    this.videoCodec = target.videoCodec;
    this.setState('connecting');
    try {
      await this.connect(target, stream, run.signal);
    } catch (error) {
      if (run.signal.aborted) return;
      this.finish();
      this.listener.failed(connectFailure(error, target.videoCodec));
      return;
    }
    if (!run.signal.aborted) this.goLive();
  }

  /** Ends the run: stops any reconnect, disconnects. Resolves once the connection is gone. */
  close(): Promise<void> {
    this.run?.abort();
    const attempt = this.attempt;
    const connection = this.connection;
    this.finish();
    if (attempt !== null) this.abandon(attempt);
    else if (connection !== null) this.afterTeardown(connection.disconnect().catch(() => {}));
    return this.teardown;
  }

  /**
   * Sends `track` instead of the stream's track of the same kind, keeping the connection (and
   * its bitrate) with sora-js-sdk's replace*Track, which also swaps the track inside `stream`.
   * False when no connection is made or when it went away meanwhile.
   */
  async replaceTrack(stream: MediaStream, track: MediaStreamTrack): Promise<boolean> {
    const connection = this.sending;
    if (connection === null || connection !== this.connection) return false;
    try {
      if (track.kind === 'video') await connection.replaceVideoTrack(stream, track);
      else await connection.replaceAudioTrack(stream, track);
      return true;
    } catch {
      return false;
    }
  }

  private async connect(target: SessionTarget, stream: MediaStream, signal: AbortSignal): Promise<void> {
    // Awaited only when a previous connection is still going away: an await here would let
    // other work run before the WebSocket opens.
    if (this.tearingDown > 0) await this.teardown;
    if (signal.aborted) throw signal.reason;
    const connection = sora
      .connection(target.soraUrl)
      .sendonly(target.channelId, target.metadata ?? null, { ...target.options, videoCodecType: target.videoCodec });
    connection.on('disconnect', (event: SoraCloseEvent) => {
      if (connection !== this.connection) return; // one we closed or gave up on
      if (this.state === 'live') this.onDisconnect(event, target, stream);
      else this.connection = null; // lost while connecting: noticed below
    });
    connection.on('push', (message: SoraPushMessage) => {
      if (connection === this.connection) this.listener.push(message.data);
    });
    connection.on('notify', (message: SoraNotifyMessage) => {
      if (connection === this.connection) this.listener.notify(message);
    });
    this.connection = connection;
    const attempt: Attempt = { connection, connecting: connection.connect(stream), timeoutMs: target.connectTimeoutMs };
    this.attempt = attempt;
    try {
      await settle(attempt.connecting, target.connectTimeoutMs, signal);
    } catch (error) {
      if (!signal.aborted) {
        // Timed out or failed: close() did not see it, so give it up here.
        if (this.connection === connection) this.connection = null;
        this.abandon(attempt);
      }
      throw error;
    } finally {
      if (this.attempt === attempt) this.attempt = null;
    }
    await sendCurrentTracks(connection, stream);
    this.sending = connection;
    let videoMimeType: string | null;
    try {
      const kinds = [...new Set(stream.getTracks().map((track) => track.kind as MediaKind))];
      videoMimeType = await confirmMediaFlows(connection.pc!, kinds, { video: target.videoCodec, audio: 'OPUS' }, signal);
      if (this.connection !== connection) throw lostAsMade();
    } catch (error) {
      if (signal.aborted) throw error; // close() disconnects it
      if (this.connection !== connection) throw lostAsMade();
      this.connection = null;
      this.afterTeardown(connection.disconnect().catch(() => {}));
      throw error;
    }
    this.videoCodec = (videoMimeType !== null && videoCodecOfMimeType(videoMimeType)) || target.videoCodec;
  }

  private onDisconnect(event: SoraCloseEvent, target: SessionTarget, stream: MediaStream): void {
    this.connection = null;
    // `normal` is a close code 1000 from the server: a deliberate end (DISCONNECTED-API when
    // the channel is deleted). Reconnecting to it would only loop.
    if (event.type === 'normal') {
      this.finish();
      this.listener.ended(event);
      return;
    }
    void this.reconnect(target, stream, this.run!.signal, event);
  }

  private async reconnect(target: SessionTarget, stream: MediaStream, signal: AbortSignal, lost: SoraCloseEvent): Promise<void> {
    const policy = new ReconnectPolicy(target.reconnectAttempts);
    let lastFailure: unknown = lost;
    for (let delay = policy.nextDelay(); delay !== undefined; delay = policy.nextDelay()) {
      this.reconnectAttempt = policy.attempt;
      this.setState('reconnecting');
      this.listener.reconnecting();
      try {
        await sleep(delay, signal);
        await this.connect(target, stream, signal);
      } catch (error) {
        if (signal.aborted) return;
        lastFailure = error;
        continue;
      }
      this.goLive();
      return;
    }
    this.finish();
    this.listener.failed(giveUp(lastFailure, policy.attempt, target.videoCodec));
  }

  /**
   * sora-js-sdk cannot cancel a connect(): a disconnect() before its WebSocket opens is a no-op
   * and the connect goes on. So wait for it to settle (at most its timeout) and disconnect again.
   */
  private abandon({ connection, connecting, timeoutMs }: Attempt): void {
    this.afterTeardown(
      (async () => {
        await connection.disconnect().catch(() => {});
        await Promise.race([connecting.catch(() => {}), new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
        await connection.disconnect().catch(() => {});
      })(),
    );
  }

  private afterTeardown(work: Promise<unknown>): void {
    this.tearingDown += 1;
    const settled = work.then(
      () => {},
      () => {},
    );
    this.teardown = Promise.all([this.teardown, settled]).then(() => {
      this.tearingDown -= 1;
    });
  }

  private goLive(): void {
    this.reconnectAttempt = 0;
    this.setState('live');
    this.listener.live();
  }

  private finish(): void {
    this.run = null;
    this.attempt = null;
    this.sending = null;
    this.connection = null;
    this.reconnectAttempt = 0;
    this.videoCodec = null;
    this.setState('closed');
  }

  private setState(state: SessionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const observer of this.observers) observer(state);
  }
}

interface Attempt {
  connection: SoraPublisher;
  connecting: Promise<MediaStream>;
  timeoutMs: number;
}

/**
 * A track switched while connecting may have replaced a track sora-js-sdk had already added:
 * make every sender carry the stream's current track of its kind.
 */
async function sendCurrentTracks(connection: SoraPublisher, stream: MediaStream): Promise<void> {
  for (const sender of connection.pc?.getSenders() ?? []) {
    const current = stream.getTracks().find((track) => track.kind === sender.track?.kind);
    if (current !== undefined && sender.track !== current) await sender.replaceTrack(current);
  }
}

/** `promise`, unless `timeoutMs` passes first (connection-failed) or `signal` aborts. */
function settle<T>(promise: Promise<T>, timeoutMs: number, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new PublisherError('connection-failed', `No connection within ${timeoutMs} ms.`)), timeoutMs);
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    });
  });
}
