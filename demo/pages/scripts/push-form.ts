/** The channel page's form that pushes a message to everyone on the channel. */
import { pushMessage } from './demo-api.js';
import { required } from './dom.js';
import { t } from './i18n.js';

export function setUpPushForm(form: HTMLFormElement, channelId: string, onError: (error: unknown) => void): () => void {
  const input = required<HTMLInputElement>('#push-message', form);
  const button = required<HTMLButtonElement>('#push-button', form);
  const status = required('#push-status');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    button.textContent = t('action.sending');
    status.textContent = '';
    try {
      await pushMessage(channelId, input.value);
      input.value = '';
      status.textContent = t('push.sent');
    } catch (error) {
      onError(error);
    } finally {
      button.disabled = false;
      button.textContent = t('action.send');
    }
  });

  return function disable() {
    input.disabled = true;
    button.disabled = true;
  };
}
