// Finds (or, on Debian as root, installs) what the browser and media tests need that npm does not
// bring: Chromium, Firefox ESR, WebKitGTK's WebDriver with a virtual display and GStreamer's
// decoders, and ffmpeg. Exports their paths (CHROME_PATH, FIREFOX_PATH, WEBKIT_DRIVER_PATH,
// FFMPEG_PATH) for the suites.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromeCandidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function onPath(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function canAptInstall() {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

function aptInstall(packages) {
  console.log(`Installing ${packages.join(', ')} with apt-get (Debian, root)…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function debianPackageInstalled(name) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).includes('install ok installed');
  } catch {
    return false;
  }
}

/** Each tool: how to find it, and the Debian packages that bring it. */
const tools = [
  {
    env: 'CHROME_PATH',
    find: () => process.env.CHROME_PATH || chromeCandidates.find((path) => existsSync(path)) || onPath('chromium'),
    packages: ['chromium'],
  },
  {
    env: 'FIREFOX_PATH',
    find: () => process.env.FIREFOX_PATH || onPath('firefox-esr') || onPath('firefox'),
    packages: ['firefox-esr'],
  },
  {
    env: 'WEBKIT_DRIVER_PATH',
    find: () => process.env.WEBKIT_DRIVER_PATH || (onPath('xvfb-run') && onPath('WebKitWebDriver')),
    packages: ['webkit2gtk-driver', 'xvfb', 'xauth'],
  },
  {
    // WebKitGTK decodes H.264/AAC for MediaSource through these; without them the player cannot play there.
    env: undefined,
    find: () =>
      process.platform !== 'linux' ||
      !existsSync('/usr/bin/dpkg-query') ||
      ['gstreamer1.0-plugins-good', 'gstreamer1.0-plugins-bad', 'gstreamer1.0-libav'].every(debianPackageInstalled),
    packages: ['gstreamer1.0-plugins-good', 'gstreamer1.0-plugins-bad', 'gstreamer1.0-libav'],
  },
  {
    env: 'FFMPEG_PATH',
    find: () => process.env.FFMPEG_PATH || onPath('ffmpeg'),
    packages: ['ffmpeg'],
  },
];

export async function ensureTestTools() {
  const missing = tools.filter((tool) => !tool.find());
  if (missing.length > 0) {
    const packages = missing.flatMap((tool) => tool.packages);
    if (!canAptInstall()) {
      console.error(
        `The tests need the Debian packages ${packages.join(', ')} (or the same programs from your system: ` +
          'set CHROME_PATH, FIREFOX_PATH, WEBKIT_DRIVER_PATH, FFMPEG_PATH). Install them and run npm test again.',
      );
      process.exit(1);
    }
    aptInstall(packages);
  }
  for (const tool of tools) {
    if (tool.env) process.env[tool.env] = tool.find();
  }
}
