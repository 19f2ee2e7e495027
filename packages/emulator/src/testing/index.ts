export { launchChromium, findChrome, type LaunchChromiumOptions } from './chromium.js';
