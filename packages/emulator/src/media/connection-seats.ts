/**
 * How many signaling connections each channel and each tenant (access token) holds, capped
 * (EMULATOR limits, signaling-limits.ts). A connection holds its place from an accepted `connect`
 * to its end, waiting for the auth webhook or for ICE included: the negotiation deadline makes
 * sure a silent one does not hold it for long.
 */
import type { ChannelRecord } from '../media-seam.js';
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';

export interface SeatLimits {
  maxChannelConnections: number;
  maxTenantConnections: number;
}

export class ConnectionSeats<Holder> {
  private readonly limits: SeatLimits;
  private readonly held = new Map<Holder, { channelId: string; tenant: string }>();
  private readonly byChannel = new Map<string, number>();
  private readonly byTenant = new Map<string, number>();

  constructor(limits: SeatLimits) {
    this.limits = limits;
  }

  /** Takes a place for `holder` on `channel`, or says how to refuse it. Taking twice is harmless. */
  take(holder: Holder, channel: ChannelRecord): SignalingClose | undefined {
    if (this.held.has(holder)) return undefined;
    const { maxChannelConnections, maxTenantConnections } = this.limits;
    if ((this.byChannel.get(channel.channel_id) ?? 0) >= maxChannelConnections) {
      return signalingClose(
        CloseCode.tooManyChannelConnections,
        `TOO-MANY-CONNECTIONS: the channel has ${maxChannelConnections}, the most it may`,
      );
    }
    if ((this.byTenant.get(channel.tenant) ?? 0) >= maxTenantConnections) {
      return signalingClose(
        CloseCode.tooManyTenantConnections,
        `TOO-MANY-CONNECTIONS: the channels of this access token have ${maxTenantConnections}, the most they may`,
      );
    }
    this.held.set(holder, { channelId: channel.channel_id, tenant: channel.tenant });
    add(this.byChannel, channel.channel_id, 1);
    add(this.byTenant, channel.tenant, 1);
    return undefined;
  }

  /** Gives `holder`'s place back; harmless when it has none. */
  release(holder: Holder): void {
    const seat = this.held.get(holder);
    if (!seat) return;
    this.held.delete(holder);
    add(this.byChannel, seat.channelId, -1);
    add(this.byTenant, seat.tenant, -1);
  }

  /** How many places the channel's connections hold. */
  channelCount(channelId: string): number {
    return this.byChannel.get(channelId) ?? 0;
  }

  /** How many places the tenant's connections hold. */
  tenantCount(tenant: string): number {
    return this.byTenant.get(tenant) ?? 0;
  }
}

function add(counts: Map<string, number>, key: string, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
