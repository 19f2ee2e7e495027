/** The viewer link of a channel, in a read-only field with a copy button. */
import { channelPageUrl } from './channel-links.js';
import { setUpCopyButton } from './copy-button.js';
import { required } from './dom.js';

export function showShareLink(channelId: string): void {
  const field = required<HTMLInputElement>('#share-link');
  field.value = channelPageUrl('watch', channelId);
  setUpCopyButton(required<HTMLButtonElement>('#copy-button'), field);
}
