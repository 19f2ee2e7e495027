/** The `offer` the emulator sends once a `connect` is accepted (docs/sora-signaling.md §2). */

export interface OfferFields {
  offer: { sdp: string; mid?: Record<string, string> };
  channelId: string;
  sessionId: string;
  connectionId: string;
  clientId: string;
  /** The auth webhook's `metadata` payout, if any. */
  metadata: unknown;
}

/** The offer with Sora's fields: no simulcast, no spotlight, no ICE servers (the emulator is reached directly). */
export function offerMessage({ offer, channelId, sessionId, connectionId, clientId, metadata }: OfferFields): Record<string, unknown> {
  return {
    type: 'offer',
    sdp: offer.sdp,
    channel_id: channelId,
    session_id: sessionId,
    connection_id: connectionId,
    client_id: clientId,
    bundle_id: clientId,
    metadata: metadata ?? null,
    config: { iceServers: [], iceTransportPolicy: 'all' },
    simulcast: false,
    simulcast_multicodec: false,
    spotlight: false,
    encodings: [],
    ...(offer.mid ? { mid: offer.mid } : {}),
  };
}
