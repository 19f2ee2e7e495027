/**
 * Addresses of the pages of one channel: `/broadcast`, `/watch` and `/channel`, each with
 * `?channel=<channel_id>`.
 */

export type ChannelPage = 'broadcast' | 'watch' | 'channel';

/** An absolute address, so the viewer link can be copied and sent as is. */
export function channelPageUrl(page: ChannelPage, channelId: string): string {
  const url = new URL(`/${page}`, location.origin);
  url.searchParams.set('channel', channelId);
  return url.href;
}

/** The channel this page is about, or undefined when the address names none. */
export function channelIdOfPage(): string | undefined {
  return new URLSearchParams(location.search).get('channel')?.trim() || undefined;
}
