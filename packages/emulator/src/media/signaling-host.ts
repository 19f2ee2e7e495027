/** What a signaling connection needs from the media plane (MediaPlane builds it). */
import type { ChannelRecord } from '../media-seam.js';
import type { ChannelMember } from './channel-member.js';
import type { MemberChannel } from './member-channel.js';
import type { SignalingClose } from './signaling-close.js';
import type { ConnectionLimits } from './signaling-limits.js';
import type { WebhookSender } from './webhook-sender.js';

export interface SignalingHost {
  /** The channel a `connect` names; undefined when it does not exist or is being deleted. */
  findChannel(channelId: string): ChannelRecord | undefined;
  /** The live session of a channel, created on first use. */
  sessionFor(channel: ChannelRecord): MemberChannel;
  /** A new connection id, unique in this emulator. */
  newConnectionId(): string;
  /**
   * Takes a place for the connection among the channel's and its tenant's (the caps of
   * signaling-limits.ts), or says how to refuse it. Given back by `releaseSeat`.
   */
  takeSeat(connection: ChannelMember, channel: ChannelRecord): SignalingClose | undefined;
  /** Gives the connection's place back; harmless when it has none. */
  releaseSeat(connection: ChannelMember): void;
  /** The negotiation deadline and the seat caps. */
  limits: ConnectionLimits;
  /** Posts the auth webhook (address policy, signature, bounds). */
  webhookSender: WebhookSender;
  /** Writes one line to the emulator's log. */
  log(line: string): void;
}
