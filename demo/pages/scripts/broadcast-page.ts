/**
 * `/broadcast?channel=<id>`: `<ifls-publisher>` with its own controls (preview, go live, devices),
 * the viewer link to share, and the messages pushed to the channel, which reach the broadcaster
 * over its Sora signaling connection as `ifls-push` events.
 */
import '@ifls/elements/define/ifls-publisher.js';
import type { IflsPublisher } from '@ifls/elements';
import { channelActions } from './channel-actions.js';
import { followChannelEvents } from './demo-api.js';
import { required } from './dom.js';
import { keepInPageLanguage } from './i18n.js';
import { loadChannel } from './load-channel.js';
import { isDemoMessage, MessageList } from './message-list.js';
import { Notice } from './notice.js';
import { setUpPage } from './page-chrome.js';
import { showShareLink } from './share-link.js';
import { showState } from './state-badge.js';

setUpPage('broadcast.title');

const notice = new Notice(required('#notice'));
const publisher = required<IflsPublisher>('#publisher');
const channel = await loadChannel(notice);

if (channel !== undefined && channel.deleted_at === undefined) {
  required('#channel-content').hidden = false;
  keepInPageLanguage(publisher);
  publisher.channel = channel;
  showState(publisher, required('#state-badge'));
  showShareLink(channel.channel_id);
  required('#channel-actions').replaceChildren(channelActions(channel.channel_id));

  const messages = new MessageList(required('#messages'), required('#messages-empty'));
  publisher.addEventListener('ifls-push', (event) => {
    if (isDemoMessage(event.data)) messages.add(event.data);
  });

  // Only to say why the broadcast ended: the publisher learns it from the server by itself.
  followChannelEvents(channel.channel_id, { deleted: () => notice.show('notice.deleted') });
}
