/**
 * `/channel?channel=<id>`: what the channel is, who is connected (ListConnections), a form that
 * pushes a message to everyone (PushChannel), and deleting it (DeleteChannel).
 */
import type { DemoChannel } from '../../shared/demo-api-types.js';
import { channelActions } from './channel-actions.js';
import { ConnectionsTable } from './connections-table.js';
import { deleteChannel, followChannelEvents } from './demo-api.js';
import { required } from './dom.js';
import { describeHlsEntry } from './hls-settings.js';
import { onLanguageChange, t } from './i18n.js';
import { loadChannel } from './load-channel.js';
import { MessageList } from './message-list.js';
import { Notice } from './notice.js';
import { setUpPage } from './page-chrome.js';
import { setUpPushForm } from './push-form.js';
import { showShareLink } from './share-link.js';

setUpPage('channel.title');

const notice = new Notice(required('#notice'));
const channel = await loadChannel(notice);
if (channel !== undefined) showChannel(channel);

function showChannel(channel: DemoChannel): void {
  const id = channel.channel_id;
  required('#channel-content').hidden = false;
  const showSettings = () => (required('#settings').textContent = channel.hls.map(describeHlsEntry).join(' / '));
  showSettings();
  onLanguageChange(showSettings);
  required('#sora-url').textContent = channel.sora_url;
  required('#playlist-url').textContent = channel.playlist_url;
  required('#channel-actions').replaceChildren(channelActions(id));
  showShareLink(id);

  const messages = new MessageList(required('#messages'), required('#messages-empty'));
  const disablePush = setUpPushForm(required('#push-form'), id, (error) => notice.showError(error));
  const deleteButton = required<HTMLButtonElement>('#delete-button');
  const connections = new ConnectionsTable(id, {
    onDeleted: () => showDeleted(),
    onError: (error) => notice.showError(error),
  });
  let stopFollowing = () => {};

  // However the page learns it (its own button, another tab, a refused request), it ends the same way.
  function showDeleted(): void {
    notice.show('notice.deleted');
    stopFollowing();
    connections.stop();
    disablePush();
    deleteButton.disabled = true;
  }

  if (channel.deleted_at !== undefined) {
    showDeleted();
    return;
  }
  // Pushes come back through the relay the viewers use, so every open channel page sees them.
  stopFollowing = followChannelEvents(id, { push: (pushed) => messages.add(pushed), deleted: showDeleted });
  connections.start();

  deleteButton.addEventListener('click', async () => {
    if (!confirm(t('confirm.delete', { id }))) return;
    deleteButton.disabled = true;
    try {
      await deleteChannel(id);
      showDeleted();
    } catch (error) {
      notice.showError(error);
      deleteButton.disabled = false;
    }
  });
}
