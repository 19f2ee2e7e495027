export { launchChromium, findChrome, chromiumArgs, type LaunchChromiumOptions } from './chromium.js';
