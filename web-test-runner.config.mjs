// @web/test-runner: the elements' browser tests (`*.browser.test.ts`) in Chromium, Firefox ESR and
// WebKitGTK, all from Debian packages (`npm test` installs them; see CONTRIBUTING.md, "Tests").
// `IFLS_ENGINES=firefox npx web-test-runner` runs one engine; `npm test` runs each in turn.
// The fixtures (ffmpeg live HLS, the emulator, a broadcaster) run in this process as server commands.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { register } from 'tsx/esm/api';

register();
const { selectedEngines, launcherFor } = await import('./packages/elements/src/test/wtr/engines.ts');
const { fixtureCommands } = await import('./packages/elements/src/test/wtr/fixture-commands.ts');
const { countReporter } = await import('./packages/elements/src/test/wtr/count-reporter.ts');

export default {
  files: ['packages/elements/src/**/*.browser.test.ts'],
  nodeResolve: true,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'packages/elements/tsconfig.json' }), fixtureCommands()],
  browsers: selectedEngines().map(launcherFor),
  // Media tests share two cores with ffmpeg and the emulator: one test file at a time.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  // A WebKitGTK page can hang for good (scripts/test.mjs runs such a file once more): give up on
  // one sooner there (its longest file took 100 s in CI). IFLS_TESTS_FINISH_TIMEOUT_MS sets it.
  testsFinishTimeout: Number(process.env.IFLS_TESTS_FINISH_TIMEOUT_MS) || (selectedEngines().includes('webkit') ? 8 : 20) * 60_000,
  testFramework: { config: { timeout: 120_000 } },
  reporters: [defaultReporter(), countReporter()],
  // Lit's development build says so on every page; everything else a page logs is shown.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
};
