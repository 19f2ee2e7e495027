/**
 * Registers a custom element unless the tag is taken already: a page that loads the kit twice
 * (a CDN bundle and an npm build) keeps working, with a warning when the two differ.
 */
export function defineOnce(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing === undefined) {
    customElements.define(tag, element);
  } else if (existing !== element) {
    console.warn(`<${tag}> is already defined by another copy of @ifls/elements; this copy is not registered.`);
  }
}
