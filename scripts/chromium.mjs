// How every script here starts Debian's Chromium: its path, and the flags that keep it off the network and working
// as root in a container. Shared by the test runner, the Storybook check and the benchmarks.
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Headless Chromium 156 preloads its address bar's popup as a page of its own; that renderer ran full garbage
  // collections (up to 89 ms) in the middle of measured page loads, on one of this machine's two cores.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

/** Starts headless Chromium with those flags, plus `extraArgs`, through puppeteer-core. */
export async function launchChromium(extraArgs = []) {
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
