// ESLint for the whole repository; `npm run lint` (scripts/lint.mjs) runs it with --max-warnings 0
// after tsc. Type errors are tsc's job: these rules catch what the compiler lets through (floating
// promises, needless assertions), Lit template and custom-element mistakes, template a11y, import
// cycles, undeclared dependencies of the published packages and focused tests left in.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { typeCheckedProjects } from './scripts/lint/projects.mjs';

const tsFiles = ['**/*.ts', '**/*.tsx'];
const jsFiles = ['**/*.js', '**/*.mjs'];
const allFiles = [...tsFiles, ...jsFiles];
// Tests and what only tests use (their support lives in `test/` or `test-support/` folders).
const testFiles = ['**/*.test.ts', '**/*.test.mjs', '**/test/**', '**/test-support/**'];
const browserScripts = ['packages/elements/src/**', 'demo/pages/**', 'bench/pages/**', 'packages/test-support/src/media-harness/*.js'];
const templateFiles = ['packages/elements/src/**/*.ts', 'demo/pages/**/*.ts'];

export default defineConfig([
  globalIgnores(['**/dist/', 'test-results/', 'bench/results/', '**/.emulator-data/']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: tsFiles })),
  {
    files: tsFiles,
    languageOptions: {
      parserOptions: { project: typeCheckedProjects, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test() and describe() return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' }] },
      ],
      // Event listeners and request handlers here are async functions that catch their own errors;
      // returning a promise where a value is expected (conditions, spreads) is still an error.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // An AbortSignal's reason is what the caller aborted with (an AbortError by default), typed `any`.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // Lit calls `@event=${this.method}` listeners with `this` set to the host, and options objects
      // declare their callbacks (`log(message)`) in method syntax: both read as unbound methods.
      '@typescript-eslint/unbound-method': 'off',
      // hls.js is loaded lazily and only its types are imported up front, so its enums
      // (`frag.type === 'main'`) are compared by value.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // `_name` marks a binding kept on purpose (a rest sibling left out, a parameter of an interface).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: testFiles,
    rules: {
      // Tests feed deliberately loose shapes (JSON as parsed, invalid requests) and stringify unknown
      // values into assertion messages; test doubles are async to match what they stand in for.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // @open-wc/semantic-dom-diff types chai's `.equal` as returning a promise (its DOM-snapshot
    // overload), so every `expect(x).to.equal(y)` would read as a floating promise; and chai's
    // property assertions (`expect(x).to.exist`) are expressions by design.
    files: ['**/*.browser.test.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: jsFiles,
    languageOptions: { globals: globals.node },
  },
  {
    // Browser code, and Node tests that hand functions to a browser page (`page.evaluate(() => …)`).
    files: [...browserScripts, '**/*.test.mjs'],
    languageOptions: { globals: globals.browser },
  },

  {
    files: allFiles,
    rules: {
      // A focused test left in silently skips the rest of its suite in CI.
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test', 'suite'].map((object) => ({
          object,
          property: 'only',
          message: 'A focused test skips every other test: remove .only.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name=/^(describe|it|test|suite)$/] > ObjectExpression > Property[key.name='only']",
          message: 'A focused test skips every other test: remove { only: true }.',
        },
      ],
    },
  },

  {
    files: allFiles,
    plugins: { 'import-x': importX },
    settings: {
      // Sources import their TypeScript siblings as `./x.js` (NodeNext): resolve those to `./x.ts`.
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } }),
      ],
    },
    rules: {
      // Runtime cycles, in the editor; scripts/lint/code-shape.mjs also counts type-only ones.
      'import-x/no-cycle': 'error',
    },
  },
  // What a published package imports must be in its own package.json: the workspace hoists every
  // dependency to the root, where a missing one would go unnoticed until someone installs the tarball.
  ['api', 'elements', 'emulator'].map((name) => ({
    files: [`packages/${name}/src/**`],
    ignores: testFiles,
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: false, packageDir: `${import.meta.dirname}/packages/${name}` }],
    },
  })),

  {
    files: templateFiles,
    extends: [lit.configs['flat/recommended'], wc.configs['flat/best-practice'], litA11y.configs.recommended],
    // Without this, eslint-plugin-wc only recognises classes that extend HTMLElement directly.
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    rules: {
      // Lit-specific mistakes beyond the recommended set, none of them a matter of taste.
      'lit/no-classfield-shadowing': 'error',
      'lit/lifecycle-super': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-native-attributes': 'error',
      'lit/no-invalid-escape-sequences': 'error',
      'lit/no-useless-template-literals': 'error',
      'lit/no-template-bind': 'error',
      'lit/prefer-static-styles': 'error',
      // An embeddable kit's tags may be registered twice (an npm copy and a CDN bundle).
      'wc/guard-define-call': 'error',
      // LitElement always has connectedCallback and disconnectedCallback: super calls need no guard.
      'wc/guard-super-call': 'off',
    },
  },
]);
