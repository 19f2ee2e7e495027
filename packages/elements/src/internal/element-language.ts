/**
 * The language of `element` as HTML defines it: the `lang` of the element or of its nearest
 * ancestor that has one, else the document's; `''` when nothing says. The search goes on from a
 * shadow root to its host, so an element inside another component's shadow DOM still speaks its
 * page's language (`Element.closest` stops at the shadow root).
 */
export function elementLanguage(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang')!;
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return document.documentElement.lang;
}
