/** Finding the page's elements: a missing one is a bug in the page, so it throws with its selector. */

export function required<T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T {
  const element = root.querySelector<T>(selector);
  if (element === null) throw new Error(`The page has no ${selector}`);
  return element;
}

/** A copy of a `<template>`'s first element, filled in by the caller. */
export function fromTemplate<T extends Element = HTMLElement>(templateSelector: string): T {
  const template = required<HTMLTemplateElement>(templateSelector);
  return template.content.firstElementChild?.cloneNode(true) as T;
}
