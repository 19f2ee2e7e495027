/**
 * A button that copies the value of a read-only field (the viewer link) and says so for a moment.
 */
import { onLanguageChange, t } from './i18n.js';

const CONFIRMATION_MS = 2000;

export function setUpCopyButton(button: HTMLButtonElement, field: HTMLInputElement): void {
  let confirmedUntil = 0;
  const render = () => (button.textContent = t(Date.now() < confirmedUntil ? 'action.copied' : 'action.copy'));
  render();
  onLanguageChange(render);
  // Selecting shows what is copied, and lets the visitor copy by hand where the clipboard is refused.
  field.addEventListener('focus', () => field.select());
  button.addEventListener('click', async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      return; // the text stays selected for a manual copy
    }
    confirmedUntil = Date.now() + CONFIRMATION_MS;
    render();
    setTimeout(render, CONFIRMATION_MS);
  });
}
