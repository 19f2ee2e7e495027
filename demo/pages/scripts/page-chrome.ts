/**
 * What every page shares: its texts in the chosen language, the language switch, the badge saying
 * which service the demo talks to, and the document title.
 */
import { getSession } from './demo-api.js';
import { currentLanguage, onLanguageChange, setLanguage, t, translate, type Language } from './i18n.js';
import type { MessageKey } from './messages.js';

export function setUpPage(titleKey: MessageKey): void {
  translate(document);
  const showTitle = () => (document.title = `${t(titleKey)} · ${t('brand')}`);
  showTitle();
  onLanguageChange(showTitle);
  setUpLanguageSwitch();
  void showBackend();
}

function setUpLanguageSwitch(): void {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-language]')];
  const showPressed = () => {
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.language === currentLanguage()));
  };
  for (const button of buttons) {
    button.addEventListener('click', () => setLanguage(button.dataset.language as Language));
  }
  showPressed();
  onLanguageChange(showPressed);
}

async function showBackend(): Promise<void> {
  const badge = document.querySelector<HTMLElement>('#backend-badge');
  if (badge === null) return;
  try {
    const { backend } = await getSession();
    badge.dataset.i18n = backend === 'emulator' ? 'backend.emulator' : 'backend.service';
    badge.dataset.backend = backend;
    translate(badge.parentElement ?? badge);
    badge.hidden = false;
  } catch {
    // Only a label: every other request on the page reports the backend being unreachable.
  }
}
