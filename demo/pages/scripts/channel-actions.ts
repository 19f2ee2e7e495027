/**
 * The Broadcast / Watch / Manage links of a channel, from the page's `#channel-actions-template`.
 */
import { channelPageUrl, type ChannelPage } from './channel-links.js';
import { fromTemplate } from './dom.js';
import { translate } from './i18n.js';

export function channelActions(channelId: string): HTMLElement {
  const actions = fromTemplate('#channel-actions-template');
  for (const link of actions.querySelectorAll<HTMLAnchorElement>('a[data-page]')) {
    link.href = channelPageUrl(link.dataset.page as ChannelPage, channelId);
  }
  translate(actions);
  return actions;
}
