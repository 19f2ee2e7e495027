/**
 * The channels created in this session, each with its links and a delete button.
 */
import type { DemoChannel } from '../../shared/demo-api-types.js';
import { channelActions } from './channel-actions.js';
import { deleteChannel, listChannels } from './demo-api.js';
import { fromTemplate, required } from './dom.js';
import { formatTime, onLanguageChange, t, translate } from './i18n.js';
import { describeHlsEntry } from './hls-settings.js';

export class ChannelList {
  readonly #list: HTMLUListElement;
  readonly #empty: HTMLElement;
  readonly #onError: (error: unknown) => void;
  #channels: DemoChannel[] = [];

  constructor(list: HTMLUListElement, empty: HTMLElement, onError: (error: unknown) => void) {
    this.#list = list;
    this.#empty = empty;
    this.#onError = onError;
    onLanguageChange(() => this.#render());
  }

  async refresh(): Promise<void> {
    try {
      this.#channels = (await listChannels()).channels;
      this.#render();
    } catch (error) {
      this.#onError(error);
    }
  }

  #render(): void {
    this.#empty.hidden = this.#channels.length > 0;
    this.#list.replaceChildren(...this.#channels.map((channel) => this.#card(channel)));
  }

  #card(channel: DemoChannel): HTMLLIElement {
    const card = fromTemplate<HTMLLIElement>('#channel-card-template');
    const deleted = channel.deleted_at !== undefined;
    card.dataset.channelId = channel.channel_id;
    card.classList.toggle('is-deleted', deleted);
    required('[data-field=id]', card).textContent = channel.channel_id;
    required('[data-field=deleted]', card).hidden = !deleted;
    required('[data-field=settings]', card).textContent = channel.hls.map(describeHlsEntry).join(' / ');
    required('[data-field=created]', card).textContent = t('channels.created', { time: formatTime(channel.created_at) });
    if (!deleted) required('[data-field=actions]', card).replaceWith(this.#actions(channel));
    translate(card);
    return card;
  }

  #actions(channel: DemoChannel): HTMLElement {
    const actions = channelActions(channel.channel_id);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'button danger';
    remove.textContent = t('action.delete');
    remove.addEventListener('click', async () => {
      if (!confirm(t('confirm.delete', { id: channel.channel_id }))) return;
      remove.disabled = true;
      try {
        await deleteChannel(channel.channel_id);
      } catch (error) {
        this.#onError(error);
      }
      await this.refresh();
    });
    actions.append(remove);
    return actions;
  }
}
