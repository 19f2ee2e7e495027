/**
 * A label showing an element's `state` attribute in words. It watches the attribute, not the
 * events, so it also shows the state the element had before this script ran.
 */
import { onLanguageChange, t } from './i18n.js';
import type { MessageKey } from './messages.js';

export function showState(element: HTMLElement, badge: HTMLElement): void {
  const render = () => {
    const state = element.getAttribute('state') ?? 'idle';
    badge.dataset.state = state;
    badge.textContent = t(`state.${state}` as MessageKey);
  };
  new MutationObserver(render).observe(element, { attributes: true, attributeFilter: ['state'] });
  onLanguageChange(render);
  render();
}
