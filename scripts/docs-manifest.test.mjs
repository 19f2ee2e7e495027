// The elements' documentation against their manifest (packages/elements/custom-elements.json, which
// `npm test` rebuilds first): every attribute, public property and method, event, CSS part, slot
// and CSS custom property of each element is named in @ifls/elements' README (the full reference,
// shipped to npm) and in the root README (the newcomer's compact list), under the element's own
// heading and under a heading or bold label of its kind. A name found only elsewhere (the player's
// `video` property does not document its `video` part) does not count.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path) => readFileSync(`${root}${path}`, 'utf8');

/** What a label must say for its text to document a kind ("Attributes and properties" serves two). */
const kinds = {
  attribute: /attribute/i,
  property: /(?<!custom )propert/i,
  method: /method/i,
  event: /event/i,
  part: /\bparts?\b/i,
  slot: /\bslots?\b/i,
  'custom property': /custom propert/i,
};

/** The names each element's documentation must give, by kind, read from the manifest. */
function documentedNames(manifest) {
  const elements = [];
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.tagName) continue;
      const members = (declaration.members ?? []).filter(
        (member) => member.privacy !== 'private' && member.privacy !== 'protected' && !member.static && !member.name.startsWith('#'),
      );
      elements.push({
        tag: declaration.tagName,
        names: {
          attribute: (declaration.attributes ?? []).map((attribute) => attribute.name),
          property: members.filter((member) => member.kind === 'field').map((member) => member.name),
          method: members.filter((member) => member.kind === 'method').map((member) => member.name),
          // The analyzer also lists every `dispatchEvent(new X(variable))` under the variable's name
          // (`message`, `state`) or under none; the element's events are the `ifls-*` ones (DESIGN's names).
          event: (declaration.events ?? []).map((event) => event.name).filter((name) => name?.startsWith('ifls-')),
          part: (declaration.cssParts ?? []).map((part) => part.name),
          slot: (declaration.slots ?? []).map((slot) => slot.name),
          'custom property': (declaration.cssProperties ?? []).map((property) => property.name),
        },
      });
    }
  }
  return elements;
}

/** The lines under the heading that names `<tag>`, up to the next heading of the same level or higher. */
function elementSection(markdown, tag) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{1,6} /.test(line) && line.includes(`<${tag}>`));
  if (start === -1) return [];
  const level = lines[start].match(/^#+/)[0].length;
  const end = lines.findIndex((line, index) => index > start && new RegExp(`^#{1,${level}} `).test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/**
 * The section cut into labelled blocks: a block starts at a heading or at a line that opens with a
 * bold label (`**Parts:**`, `- **Events:**`) and runs to the next one. Fenced code is never a label.
 */
function labelledBlocks(section) {
  const blocks = [];
  let fenced = false;
  for (const line of section) {
    if (line.startsWith('```')) fenced = !fenced;
    const label = fenced ? null : (line.match(/^#{1,6} (.*)/) ?? line.match(/^(?:[-*] )?\*\*([^*]+)\*\*(.*)/));
    if (label) blocks.push({ label: label[1], text: `${label[2] ?? ''}\n` });
    else if (blocks.length > 0) blocks.at(-1).text += `${line}\n`;
  }
  return blocks;
}

/** Whether a text names something: in backticks; a method also as a call (`play()`, `start(): Promise<void>`). */
function isNamed(text, kind, name) {
  // The default slot has no name: its documentation says "default slot".
  if (name === '') return /default slot/i.test(text);
  return text.includes(`\`${name}\``) || (kind === 'method' && text.includes(`\`${name}(`));
}

/** Every name of the element that its section does not give in backticks under a label of its kind. */
function undocumented(markdown, element) {
  const blocks = labelledBlocks(elementSection(markdown, element.tag));
  const missing = [];
  for (const [kind, names] of Object.entries(element.names)) {
    const text = blocks
      .filter((block) => kinds[kind].test(block.label))
      .map((block) => block.text)
      .join('\n');
    for (const name of names) {
      if (!isNamed(text, kind, name)) missing.push(`${kind} ${name === '' ? '(default slot)' : name}`);
    }
  }
  return missing;
}

const manifest = JSON.parse(read('packages/elements/custom-elements.json'));
const elements = documentedNames(manifest);

test('the manifest describes both elements with their attributes, events and parts', () => {
  assert.deepEqual(elements.map((element) => element.tag).sort(), ['ifls-player', 'ifls-publisher']);
  for (const element of elements) {
    for (const kind of ['attribute', 'property', 'method', 'event', 'part', 'custom property']) {
      assert.ok(element.names[kind].length > 0, `${element.tag} has no ${kind} in the manifest`);
    }
  }
});

for (const [file, reader] of [
  ['packages/elements/README.md', 'the full reference'],
  ['README.md', 'the compact list'],
]) {
  const markdown = read(file);
  for (const element of elements) {
    test(`${file} (${reader}) names everything of <${element.tag}>`, () => {
      assert.deepEqual(undocumented(markdown, element), [], `${file}: undocumented in <${element.tag}>'s section`);
    });
  }
}

test('a name left out, or given under another kind or element, is reported with its kind', () => {
  const markdown = [
    '## `<x-demo>`',
    '- **Attributes:** `size`; the `video` part is styled below',
    '- **Events:** `x-change`',
    '### Parts',
    '`controls`',
    '## `<x-other>`',
    '**Parts:** `video`',
  ].join('\n');
  const element = {
    tag: 'x-demo',
    names: {
      attribute: ['size', 'color'],
      property: [],
      method: [],
      event: ['x-change'],
      part: ['video', 'controls'],
      slot: [''],
      'custom property': [],
    },
  };
  assert.deepEqual(undocumented(markdown, element), ['attribute color', 'part video', 'slot (default slot)']);
  assert.equal(undocumented(markdown, { ...element, tag: 'x-missing' }).length, 6);
});
