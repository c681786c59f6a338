// Takes the README's picture: the demo portal's article page with its five widgets, the article body shortened so
// that all five fit in one view. Start the demo first (`npm start`), then: node scripts/screenshot.mjs [url]
import { launchChromium } from './chromium.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/';
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 900, deviceScaleFactor: 1 });
  await page.goto(url, { waitUntil: 'networkidle0' });
  await page.evaluate(() => {
    // Keep the article's headline, date, lead and first paragraph; the widgets keep their places.
    const body = document.querySelector('.news-detail');
    let kept = 0;
    for (const el of Array.from(body?.children ?? [])) {
      if (el.matches('p:not(.date):not(.sapo):not(.caption):not(.author)') && kept++ < 1) continue;
      if (el.matches('.photo, p:not(.date):not(.sapo)')) el.remove();
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const height = await page.evaluate(
    () => document.querySelector('footer, #footer')?.getBoundingClientRect().top ?? 900,
  );
  await page.screenshot({
    path: 'docs/images/demo-page.png',
    clip: { x: 0, y: 0, width: 1000, height: Math.min(height, 1000) },
  });
  console.log(`docs/images/demo-page.png (1000×${Math.round(Math.min(height, 1000))})`);
} finally {
  await browser.close();
}
