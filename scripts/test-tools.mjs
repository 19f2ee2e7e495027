// Finds (or, on Debian as root, installs) what the browser and media tests need that npm does not bring:
// Chromium and ffmpeg. Exports their paths as CHROME_PATH and FFMPEG_PATH for the suites.
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

function findChrome() {
  return process.env.CHROME_PATH || chromeCandidates.find((path) => existsSync(path)) || onPath('chromium');
}

function findFfmpeg() {
  return process.env.FFMPEG_PATH || onPath('ffmpeg');
}

export async function ensureTestTools() {
  const missing = [];
  if (!findChrome()) missing.push('chromium');
  if (!findFfmpeg()) missing.push('ffmpeg');
  if (missing.length > 0) {
    if (!canAptInstall()) {
      console.error(
        `The tests need ${missing.join(' and ')}. Install ${missing.join(' and ')} ` +
          '(or set CHROME_PATH / FFMPEG_PATH) and run npm test again.',
      );
      process.exit(1);
    }
    aptInstall(missing);
  }
  process.env.CHROME_PATH = findChrome();
  process.env.FFMPEG_PATH = findFfmpeg();
}
