/**
 * The start of the broadcaster, viewer and channel pages: the channel named in the address, or a
 * notice saying why there is none.
 */
import type { DemoChannel } from '../../shared/demo-api-types.js';
import { channelIdOfPage } from './channel-links.js';
import { DemoApiError, getChannel } from './demo-api.js';
import { required } from './dom.js';
import type { Notice } from './notice.js';

export async function loadChannel(notice: Notice): Promise<DemoChannel | undefined> {
  const channelId = channelIdOfPage();
  if (channelId === undefined) {
    notice.show('notice.notFound');
    return undefined;
  }
  required('#channel-id').textContent = channelId;
  try {
    const channel = await getChannel(channelId);
    if (channel.deleted_at !== undefined) notice.show('notice.deleted');
    return channel;
  } catch (error) {
    if (error instanceof DemoApiError && error.code === 'channel-not-found') notice.show('notice.notFound');
    else notice.showError(error);
    return undefined;
  }
}
