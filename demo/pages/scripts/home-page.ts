/**
 * `/`: create a channel with chosen HLS settings, see the CreateChannel answer, and list (or
 * delete) the channels of this session.
 */
import { channelActions } from './channel-actions.js';
import { ChannelList } from './channel-list.js';
import { setUpCreateChannelForm } from './create-channel-form.js';
import { required } from './dom.js';
import { Notice } from './notice.js';
import { setUpPage } from './page-chrome.js';

setUpPage('nav.channels');

const notice = new Notice(required('#notice'));
const channels = new ChannelList(required('#channel-list'), required('#channels-empty'), (error) => notice.showError(error));

setUpCreateChannelForm(required('#create-form'), {
  onCreated(channel) {
    notice.clear();
    // Exactly the three fields CreateChannel answers, as the API documents them.
    const { channel_id, sora_url, playlist_url } = channel;
    required('#answer-json').textContent = JSON.stringify({ channel_id, sora_url, playlist_url }, null, 2);
    required('#answer-actions').replaceChildren(channelActions(channel_id));
    const answer = required('#answer');
    answer.hidden = false;
    answer.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    void channels.refresh();
  },
  onError: (error) => notice.showError(error),
});

void channels.refresh();
// Channels deleted from another tab show as such when the visitor comes back.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void channels.refresh();
});
