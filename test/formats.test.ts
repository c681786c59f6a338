// The built-in languages are formatted by our own code (no Intl at start-up: its first formatter is a long task on a
// cheap phone). Checked here against Intl itself in each browser, and checked that the widgets build no Intl object.
import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import { formatDate, formatNumber, registerLocale } from '../src/core/locale.js';
import { uniqueKey } from './helpers.js';
import { SEED_STATS } from './seed-data.js';

const NUMBERS = [
  0,
  1,
  7,
  12,
  999,
  1000,
  1234,
  61542,
  1234567,
  9007199254740991,
  4.3,
  4.25,
  4.35,
  4.05,
  4.95,
  9.96,
  0.5,
  1.5,
  2.5,
  0.05,
  12.3456,
  1234.5678,
  0.0005,
  0.0004,
  -3,
  -1234.5,
  2 / 3,
  14 / 3,
  0.1 + 0.2,
];
const PERCENTS = [0.8, 0.9, 1, 1.1, 1.2, 1.5, 2, 0.285, 0.125, 0.005, 12.345, 10];
const OPTIONS: Intl.NumberFormatOptions[] = [
  {},
  { maximumFractionDigits: 1 },
  { maximumFractionDigits: 0 },
  { maximumFractionDigits: 2 },
];

describe('number and date formats of the built-in languages', () => {
  for (const lang of ['vi', 'en']) {
    it(`writes ${lang} numbers exactly as Intl does`, () => {
      for (const options of OPTIONS) {
        for (const n of NUMBERS)
          expect(formatNumber(lang, n, options), `${n} ${JSON.stringify(options)}`).to.equal(
            new Intl.NumberFormat(lang, options).format(n),
          );
      }
      for (const n of PERCENTS)
        expect(formatNumber(lang, n, { style: 'percent' }), `${n} %`).to.equal(
          new Intl.NumberFormat(lang, { style: 'percent' }).format(n),
        );
    });

    it(`writes the built-in ${lang} date forms exactly as Intl does, in the visitor’s zone and in UTC`, () => {
      const forms: Intl.DateTimeFormatOptions[] = [
        { month: 'long' },
        { day: '2-digit', month: '2-digit', year: 'numeric' },
        { dateStyle: 'medium' },
      ];
      for (let month = 0; month < 12; month++) {
        for (const day of [1, 9, 10, 28]) {
          const date = new Date(Date.UTC(2023, month, day, 23, 30));
          for (const options of forms) {
            for (const timeZone of [undefined, 'UTC']) {
              const expected = new Intl.DateTimeFormat(lang, { ...options, timeZone }).format(date);
              expect(
                formatDate(lang, date, options, timeZone),
                `${date.toISOString()} ${JSON.stringify(options)} ${timeZone}`,
              ).to.equal(expected);
            }
          }
        }
      }
    });
  }

  it('uses Intl for a registered language and a named time zone', () => {
    registerLocale('fr', {});
    expect(formatNumber('fr', 1234.5)).to.equal(new Intl.NumberFormat('fr').format(1234.5));
    const date = new Date(Date.UTC(2023, 6, 31, 20));
    expect(formatDate('vi', date, { day: '2-digit', month: '2-digit', year: 'numeric' }, 'Asia/Tokyo')).to.equal(
      '01/08/2023',
    );
  });

  for (const lang of ['vi', 'en']) {
    it(`builds no Intl object while the five widgets render with numbers and dates (${lang})`, async () => {
      const made: string[] = [];
      const originals = {
        NumberFormat: Intl.NumberFormat,
        DateTimeFormat: Intl.DateTimeFormat,
        Locale: Intl.Locale,
        PluralRules: Intl.PluralRules,
      };
      for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
        (Intl as Record<string, unknown>)[name] = new Proxy(originals[name], {
          construct(target, args) {
            made.push(`${name}(${String(args[0])})`);
            return Reflect.construct(target as unknown as new (...a: unknown[]) => object, args);
          },
        });
      }
      try {
        const root = await fixture<HTMLDivElement>(html`<div lang=${lang}>
          <font-size-control storage-key=${uniqueKey()} target="#none"></font-size-control>
          <contrast-toggle storage-key=${uniqueKey()}></contrast-toggle>
          <star-rating value="4.3" count="1234"></star-rating>
          <visit-stats .data=${SEED_STATS} fields="today this-month this-year total"></visit-stats>
          <related-posts .items=${[
            { url: '/tin/a.html', title: 'Tin A', publishedAt: '2023-07-31' },
            { url: '/tin/b.html', title: 'Tin B', publishedAt: '2023-07-02T10:00:00+07:00' },
          ]}></related-posts>
        </div>`);
        for (const el of Array.from(root.children) as (HTMLElement & { updateComplete: Promise<unknown> })[])
          await el.updateComplete;
        await new Promise((r) => (window.requestIdleCallback ?? setTimeout)(r, { timeout: 500 }));
        const text = (tag: string) => root.querySelector(tag)!.shadowRoot!.textContent!.replace(/\s+/g, ' ');
        expect(text('star-rating')).to.include(lang === 'vi' ? '4,3' : '4.3');
        expect(text('visit-stats')).to.include(lang === 'vi' ? '1.234.567' : '1,234,567');
        expect(text('visit-stats')).to.include(lang === 'vi' ? 'Tháng 07' : 'July 2024');
        expect(text('related-posts')).to.include(lang === 'vi' ? '31/07/2023' : 'Jul 31, 2023');
        expect(text('font-size-control')).to.include('100%');
        expect(made).to.deep.equal([]);
      } finally {
        Object.assign(Intl, originals);
      }
    });
  }
});
