/**
 * `/watch?channel=<id>`: `<ifls-player>` playing the channel's HLS (it waits by itself until the
 * broadcast starts), the link to share, and the messages pushed to the channel. The player has no
 * signaling connection, so pushes cannot reach it: the demo's backend relays each message it
 * pushes over server-sent events instead.
 */
import '@ifls/elements/define/ifls-player.js';
import type { IflsPlayer } from '@ifls/elements';
import { followChannelEvents } from './demo-api.js';
import { required } from './dom.js';
import { keepInPageLanguage, onLanguageChange, t } from './i18n.js';
import { loadChannel } from './load-channel.js';
import { MessageList } from './message-list.js';
import { Notice } from './notice.js';
import { setUpPage } from './page-chrome.js';
import { showShareLink } from './share-link.js';
import { showState } from './state-badge.js';

setUpPage('watch.title');

const notice = new Notice(required('#notice'));
const player = required<IflsPlayer>('#player');
const channel = await loadChannel(notice);

if (channel !== undefined && channel.deleted_at === undefined) {
  required('#channel-content').hidden = false;
  keepInPageLanguage(player);
  // A viewer needs only playlist_url; the whole answer works too.
  player.channel = { playlist_url: channel.playlist_url, channel_id: channel.channel_id };
  // The box takes the shape of the picture the service makes, so nothing is letterboxed.
  const video = channel.hls[0]?.video;
  if (video !== undefined) player.style.setProperty('--ifls-aspect-ratio', `${video.width} / ${video.height}`);
  showState(player, required('#state-badge'));
  showShareLink(channel.channel_id);
  showLatency(player);

  const messages = new MessageList(required('#messages'), required('#messages-empty'));
  followChannelEvents(channel.channel_id, {
    push: (pushed) => messages.add(pushed),
    deleted: () => notice.show('notice.deleted'),
  });
}

/** How far behind live the viewer is, from the player's `ifls-stats`, while it plays. */
function showLatency(element: IflsPlayer): void {
  const line = required('#latency');
  let latency: number | null = null;
  const render = () => (line.textContent = latency === null ? '' : t('watch.latency', { seconds: latency.toFixed(1) }));
  element.addEventListener('ifls-stats', (event) => {
    latency = event.stats.latency;
    render();
  });
  element.addEventListener('ifls-state-change', () => {
    if (element.state === 'playing') return;
    latency = null;
    render();
  });
  onLanguageChange(render);
}
