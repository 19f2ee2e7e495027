/**
 * What a channel tells about its connections, Sora style: the `notify` its members get
 * (docs/sora-signaling.md) and the `connection.*` event webhooks. Built here, sent by ChannelSession.
 */
import { newId } from '../store/ids.js';
import type { ChannelMember } from './channel-member.js';

/** The channel at the moment a message is built. */
export interface ChannelFacts {
  channelId: string;
  sessionId: string;
  /** The members whose media flows: what the counts count. */
  established: ChannelMember[];
}

/** A `notify` of `eventType` (connection.created, connection.destroyed) about `subject`. */
export function notifyMessage(eventType: string, subject: ChannelMember, facts: ChannelFacts): Record<string, unknown> {
  return {
    type: 'notify',
    event_type: eventType,
    role: subject.role,
    channel_id: facts.channelId,
    session_id: facts.sessionId,
    client_id: subject.clientId,
    bundle_id: subject.clientId,
    connection_id: subject.connectionId,
    audio: subject.request.audioEnabled,
    video: subject.request.videoEnabled,
    authn_metadata: subject.request.metadata,
    ...(subject.authzMetadata !== undefined ? { authz_metadata: subject.authzMetadata } : {}),
    minutes: minutesSince(subject.establishedAt),
    ...counts(facts.established),
    timestamp: new Date().toISOString(),
    turn_transport_type: 'udp',
  };
}

/** The `data` of a newcomer's own `connection.created`: the channel's connections, itself included. */
export function connectionList(established: ChannelMember[]): Record<string, unknown>[] {
  return established.map((member) => ({
    client_id: member.clientId,
    bundle_id: member.clientId,
    connection_id: member.connectionId,
    authn_metadata: member.request.metadata,
  }));
}

/**
 * A `connection.*` event webhook's body. `minutes` counts whole minutes, as Sora's does; `reason`
 * is given on `connection.destroyed` when the server ended the connection through its API
 * (`DISCONNECTED-API`: DeleteChannel), as Sora does when kicked via its API.
 */
export function connectionEventBody(type: string, subject: ChannelMember, facts: ChannelFacts, reason?: string): Record<string, unknown> {
  return {
    type,
    id: newId(),
    timestamp: new Date().toISOString(),
    channel_id: facts.channelId,
    session_id: facts.sessionId,
    client_id: subject.clientId,
    bundle_id: subject.clientId,
    connection_id: subject.connectionId,
    role: subject.role,
    audio: subject.request.audioEnabled,
    video: subject.request.videoEnabled,
    minutes: minutesSince(subject.establishedAt),
    ...(subject.eventMetadata !== undefined ? { event_metadata: subject.eventMetadata } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...counts(facts.established),
  };
}

function counts(established: ChannelMember[]): Record<string, number> {
  return {
    channel_connections: established.length,
    channel_sendrecv_connections: 0,
    channel_sendonly_connections: established.filter((member) => member.role === 'sendonly').length,
    channel_recvonly_connections: established.filter((member) => member.role === 'recvonly').length,
  };
}

function minutesSince(time: Date | undefined): number {
  return time ? Math.floor((Date.now() - time.getTime()) / 60_000) : 0;
}
