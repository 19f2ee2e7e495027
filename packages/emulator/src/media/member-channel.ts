/**
 * What a signaling connection sees of the channel it joins (ChannelSession): a seat for the
 * broadcaster, membership, and the broadcast it relays or feeds.
 */
import type { ChannelMember } from './channel-member.js';
import type { BroadcastSource } from './viewer-peer.js';

export interface MemberChannel {
  /** The channel's current session, sent in the offer as `session_id`. */
  readonly sessionId: string;
  /** Takes the one broadcaster's seat; false when another connection holds it or the channel is gone. */
  reserveBroadcaster(member: ChannelMember): boolean;
  /** The member got its offer: the channel counts it from now on. */
  addMember(member: ChannelMember): void;
  /** The member ended: the others hear of it, and a broadcast it fed ends. */
  removeMember(member: ChannelMember): Promise<void>;
  /** The member's peer connection is up. */
  memberEstablished(member: ChannelMember): void;
  /** The broadcaster's answer is applied: its media is relayed from now on. */
  startBroadcast(member: ChannelMember): Promise<void>;
  /** The broadcast viewers should watch, once its answer has set the codecs. */
  broadcastSource(): BroadcastSource | undefined;
  /** Asks the broadcaster for a keyframe (a viewer joined, or lost one). */
  requestKeyframe(): void;
  /** The members whose media flows. */
  establishedMembers(): ChannelMember[];
}
