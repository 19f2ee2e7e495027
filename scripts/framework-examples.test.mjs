// docs/embedding.md's Vue and Svelte examples, compiled with the installed compilers as a Vite
// project would compile them (no browser): each must treat <ifls-player> as a custom element, bind
// `ifls-state-change`, and hand `channel` (an object) to the element as a property, never as an
// attribute. The guide shows the example files themselves, checked here word for word.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';
import { compileScript, parse } from 'vue/compiler-sfc';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path) => readFileSync(`${root}${path}`, 'utf8');
const guide = read('docs/embedding.md');
const vueExample = read('docs/examples/vue/LivePlayer.vue');
const svelteExample = read('docs/examples/svelte/LivePlayer.svelte');

/** The guide's configuration: every `ifls-` tag is a custom element, not a Vue component. */
const vueCompilerOptions = { isCustomElement: (tag) => tag.startsWith('ifls-') };

/**
 * The render code of an SFC, as @vitejs/plugin-vue makes it: the template is parsed with the
 * compiler options too, since the parser is what decides whether a tag is an element or a component.
 */
function compileVue(source, compilerOptions) {
  const { descriptor, errors } = parse(source, { filename: 'LivePlayer.vue', templateParseOptions: compilerOptions });
  assert.deepEqual(errors, []);
  const script = compileScript(descriptor, { id: 'live-player', inlineTemplate: true, templateOptions: { compilerOptions } });
  return script.content;
}

/** The fenced blocks of a language in a Markdown text. */
function fencedBlocks(markdown, language) {
  return [...markdown.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm'))].map((match) => match[1]);
}

test('the guide shows the Vue and Svelte examples that are compiled here', () => {
  assert.ok(fencedBlocks(guide, 'vue').includes(vueExample), 'no ```vue block equal to docs/examples/vue/LivePlayer.vue');
  assert.ok(fencedBlocks(guide, 'svelte').includes(svelteExample), 'no ```svelte block equal to docs/examples/svelte/LivePlayer.svelte');
  // The guide's Vue configuration is the one compiled here.
  assert.match(guide, /isCustomElement: \(tag\) => tag\.startsWith\('ifls-'\)/);
});

test('Vue with isCustomElement: <ifls-player> is an element, channel a DOM property, ifls-state-change a listener', () => {
  const code = compileVue(vueExample, vueCompilerOptions);
  assert.doesNotMatch(code, /resolveComponent/);
  const vnode = code.match(/_createElementVNode\("ifls-player", \{([^}]*)\}/);
  assert.ok(vnode, `no element vnode for ifls-player in:\n${code}`);
  // `.channel` (from `:channel.prop`) makes Vue's runtime assign el.channel instead of setAttribute.
  assert.match(vnode[1], /"\.channel": props\.channel/);
  // Vue's runtime turns `onIflsStateChange` into addEventListener('ifls-state-change', …).
  assert.match(vnode[1], /onIflsStateChange: onStateChange/);
});

test('Vue without isCustomElement looks for a component named ifls-player (why the guide sets it)', () => {
  const code = compileVue(vueExample, {});
  assert.match(code, /_resolveComponent\("ifls-player"\)/);
});

test('Svelte 5: <ifls-player> is a custom element, channel goes through the property path, the event is listened to', () => {
  const { js, warnings } = compile(svelteExample, { filename: 'LivePlayer.svelte', generate: 'client' });
  assert.deepEqual(
    warnings.map((warning) => warning.code),
    [],
  );
  // set_custom_element_data assigns element.channel when the element has that property (it is
  // registered: the example imports the define module) and any object value otherwise; plain
  // elements get set_attribute instead.
  assert.match(js.code, /set_custom_element_data\(ifls_player, 'channel', \$\$props\.channel\)/);
  assert.doesNotMatch(js.code, /set_attribute\(ifls_player, 'channel'/);
  assert.match(js.code, /\$\.event\('ifls-state-change', ifls_player,/);
});

test("Svelte 5 still compiles Svelte 4's on:ifls-state-change, and says it is deprecated in runes mode", () => {
  const legacy = svelteExample.replace('onifls-state-change=', 'on:ifls-state-change=');
  assert.notEqual(legacy, svelteExample);
  const { js, warnings } = compile(legacy, { filename: 'LivePlayer.svelte', generate: 'client' });
  assert.match(js.code, /\$\.event\('ifls-state-change', ifls_player,/);
  assert.ok(warnings.some((warning) => warning.code === 'event_directive_deprecated'));
});
