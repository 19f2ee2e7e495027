/**
 * The pages' two languages. Static text is marked in the HTML (`data-i18n="key"` for the text,
 * `data-i18n-placeholder`, `data-i18n-aria-label`) and translated by `translate()`; text made by
 * scripts calls `t()` and re-renders on `onLanguageChange`.
 */
import { en, ja, type MessageKey } from './messages.js';

export type Language = 'en' | 'ja';

const STORAGE_KEY = 'ifls-demo-language';
const CHANGE_EVENT = 'ifls-demo-language-change';
const catalogs: Record<Language, Record<MessageKey, string>> = { en, ja };

let language: Language = initialLanguage();

/** The visitor's choice when they made one, else the browser's language. */
function initialLanguage(): Language {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'ja') return stored;
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function currentLanguage(): Language {
  return language;
}

/** The text of `key` in the current language, with `{name}` replaced from `values`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return catalogs[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

export function setLanguage(next: Language): void {
  language = next;
  safeStorage()?.setItem(STORAGE_KEY, next);
  translate(document);
  document.dispatchEvent(new Event(CHANGE_EVENT));
}

export function onLanguageChange(callback: () => void): void {
  document.addEventListener(CHANGE_EVENT, callback);
}

/** Translates the marked elements under `root` and sets `<html lang>`. */
export function translate(root: ParentNode): void {
  document.documentElement.lang = language;
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n as MessageKey);
  }
  for (const element of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) {
    element.placeholder = t(element.dataset.i18nPlaceholder as MessageKey);
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel as MessageKey));
  }
}

/** Dates and times the way the current language writes them. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(language === 'ja' ? 'ja-JP' : 'en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatNumber(value: number): string {
  return value.toLocaleString(language === 'ja' ? 'ja-JP' : 'en-US');
}

/** localStorage throws where storage is blocked (some private modes); the language then is not kept. */
function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Makes a kit element (`<ifls-publisher>`, `<ifls-player>`) speak the page's language: they read
 * the nearest `lang` when they render, so set theirs and ask for a render on every switch.
 */
export function keepInPageLanguage(element: HTMLElement & { requestUpdate(): void }): void {
  const apply = () => {
    element.lang = language;
    element.requestUpdate();
  };
  apply();
  onLanguageChange(apply);
}
