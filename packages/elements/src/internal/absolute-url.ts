/** `url` made absolute against the page, as the browser would fetch it; unchanged when it cannot be parsed. */
export function absoluteUrl(url: string): string {
  try {
    return new URL(url, document.baseURI).href;
  } catch {
    return url;
  }
}
