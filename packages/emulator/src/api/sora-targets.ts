import type { JsonObject, PushResponse } from '@ifls/api';
import type { PushAudience } from '../media-seam.js';
import { connectionNotFound } from './not-found.js';
import type { TargetContext, TargetHandlers } from './target-handlers.js';
import { requireChannel } from './tenant-records.js';

type SoraTargets = Pick<
  TargetHandlers,
  | 'Sora_20151104.ListConnections'
  | 'Sora_20170814.ListChannelClients'
  | 'Sora_20160711.PushChannel'
  | 'Sora_20160711.PushClient'
  | 'Sora_20160711.PushUpstream'
  | 'Sora_20160711.PushDownStream'
  | 'Sora_20170529.GetStats'
>;

/** The Sora targets ImageFlux keeps, limited to the tenant's own channels. */
export function soraTargets({ store, media }: TargetContext): SoraTargets {
  const push = (tenant: string, channelId: string, audience: PushAudience, data: JsonObject): PushResponse => {
    const channel = requireChannel(store, tenant, channelId);
    // Like Sora, a push that reaches nobody (no broadcaster yet, unknown client) still succeeds.
    media.push(channel.channel_id, audience, data);
    return { type: 'push', data };
  };

  return {
    'Sora_20151104.ListConnections': (tenant, request) =>
      media.listConnections(requireChannel(store, tenant, request.channel_id).channel_id),

    'Sora_20170814.ListChannelClients': (tenant, request) =>
      media.listChannelClients(requireChannel(store, tenant, request.channel_id).channel_id),

    'Sora_20160711.PushChannel': (tenant, request) => push(tenant, request.channel_id, { to: 'channel' }, request.data),

    'Sora_20160711.PushClient': (tenant, request) =>
      push(tenant, request.channel_id, { to: 'client', clientId: request.client_id }, request.data),

    'Sora_20160711.PushUpstream': (tenant, request) => push(tenant, request.channel_id, { to: 'upstream' }, request.data),

    'Sora_20160711.PushDownStream': (tenant, request) => push(tenant, request.channel_id, { to: 'downstream' }, request.data),

    'Sora_20170529.GetStats': async (tenant, request) => {
      const channel = requireChannel(store, tenant, request.channel_id);
      const stats = await media.getStats(channel.channel_id, request.connection_id);
      if (stats === undefined) throw connectionNotFound(request.connection_id);
      return stats;
    },
  };
}
