/**
 * What a channel (and the media plane's listings) sees of one signaling connection: who it is,
 * whether its media flows, and the three things the channel may ask of it. The connection's
 * socket and state machine stay behind this view.
 */
import type { ConnectRequest } from './connect-message.js';
import type { ConnectionTraffic } from './connection-traffic.js';
import type { PublisherPeer } from './publisher-peer.js';
import type { SignalingClose } from './signaling-close.js';
import type { ViewerPeer } from './viewer-peer.js';

export interface ChannelMember {
  /** Given by the emulator when the `connect` is accepted. */
  readonly connectionId: string;
  /** The client's `client_id`, the auth webhook's, or else the connection id. */
  readonly clientId: string;
  readonly role: ConnectRequest['role'];
  /** The client's `connect`, as parsed. */
  readonly request: ConnectRequest;
  /** The auth webhook's `metadata` payout: `authz_metadata` in notifies. */
  readonly authzMetadata: unknown;
  /** The auth webhook's `event_metadata` payout: repeated in event webhooks. */
  readonly eventMetadata: unknown;
  /** Media flows (the peer connection is connected) and the client has its connection.created. */
  readonly established: boolean;
  readonly establishedAt: Date | undefined;
  /** The broadcaster's peer; undefined for a viewer. */
  readonly publisher: PublisherPeer | undefined;
  /** A viewer's peer; undefined for the broadcaster. */
  readonly viewer: ViewerPeer | undefined;
  /** Byte and packet counts of the peer connection, once there is one. */
  readonly traffic: ConnectionTraffic | undefined;
  /** Sends a message; false when it could not be sent. Never throws. */
  send(message: Record<string, unknown>): boolean;
  /** Closes the connection with `close` and releases everything it holds. Never throws. */
  close(close: SignalingClose): void;
  /** Sends a viewer a `re-offer` for its new tracks. */
  renegotiate(): void;
}
