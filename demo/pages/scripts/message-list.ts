/**
 * The list of pushed messages on the broadcaster and viewer pages. Messages come from anyone who
 * can open the channel page, so they are only ever inserted as text.
 */
import type { PushedMessage } from '../../shared/demo-api-types.js';
import { formatTime, onLanguageChange } from './i18n.js';

/** Keeps the page light however long the broadcast runs. */
const MAX_SHOWN = 50;

export class MessageList {
  readonly #list: HTMLOListElement;
  readonly #empty: HTMLElement;
  readonly #messages: PushedMessage[] = [];

  constructor(list: HTMLOListElement, empty: HTMLElement) {
    this.#list = list;
    this.#empty = empty;
    onLanguageChange(() => this.#render());
    this.#render();
  }

  add(message: PushedMessage): void {
    this.#messages.unshift(message);
    this.#messages.length = Math.min(this.#messages.length, MAX_SHOWN);
    this.#render();
  }

  #render(): void {
    this.#empty.hidden = this.#messages.length > 0;
    this.#list.replaceChildren(...this.#messages.map((message) => item(message)));
  }
}

function item(message: PushedMessage): HTMLLIElement {
  const li = document.createElement('li');
  const time = document.createElement('time');
  time.dateTime = message.sent_at;
  time.textContent = formatTime(message.sent_at);
  const text = document.createElement('span');
  text.className = 'message-text';
  text.textContent = message.message;
  li.append(time, text);
  return li;
}

/** True for the pushes this demo sends; an app's other pushes are not shown as messages. */
export function isDemoMessage(data: unknown): data is PushedMessage {
  const candidate = data as Partial<PushedMessage> | null;
  return candidate?.kind === 'demo-message' && typeof candidate.message === 'string' && typeof candidate.sent_at === 'string';
}
