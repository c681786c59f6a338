// Makes sure Debian's Chromium and Firefox ESR are installed before the tests run.
// On Debian or Ubuntu as root it installs what is missing with apt; elsewhere it stops with a one-line instruction.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const needed = [
  { path: process.env.CHROMIUM_PATH || '/usr/bin/chromium', pkg: 'chromium' },
  { path: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr', pkg: 'firefox-esr' },
];
const missing = needed.filter(({ path }) => !existsSync(path)).map(({ pkg }) => pkg);
if (missing.length === 0) process.exit(0);

const packages = [...missing, 'fonts-noto-core', 'fonts-dejavu-core'].join(' ');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.error(`Missing browsers: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${packages}`);
  process.exit(1);
}
console.log(`Installing ${packages} with apt-get…`);
execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages}`, {
  stdio: 'inherit',
});
