/**
 * The line under a page's title that says what is wrong (a deleted channel, a failed request).
 * The text is kept as a key so it follows the language switch.
 */
import { onLanguageChange, t } from './i18n.js';
import type { MessageKey } from './messages.js';

export class Notice {
  readonly #element: HTMLElement;
  #shown: { key: MessageKey; values: Record<string, string> } | undefined;

  constructor(element: HTMLElement) {
    this.#element = element;
    onLanguageChange(() => this.#render());
    this.#render();
  }

  show(key: MessageKey, values: Record<string, string> = {}): void {
    this.#shown = { key, values };
    this.#render();
  }

  /** A failed request, in the backend's words. */
  showError(error: unknown): void {
    this.show('notice.failed', { message: error instanceof Error ? error.message : String(error) });
  }

  clear(): void {
    this.#shown = undefined;
    this.#render();
  }

  #render(): void {
    this.#element.hidden = this.#shown === undefined;
    this.#element.textContent = this.#shown === undefined ? '' : t(this.#shown.key, this.#shown.values);
  }
}
