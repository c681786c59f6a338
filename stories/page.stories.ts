import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { articlePage, type ArticlePageOptions, type Locale } from './article-page.js';
import { LONG_TITLE } from './fixtures.js';

type Args = Omit<ArticlePageOptions, 'locale'>;

/**
 * A ward portal's article page with all five widgets working together, as a reader meets it: at the reader's text
 * size and contrast, in Vietnamese or English, and when the services misbehave.
 */
const meta: Meta<Args> = {
  title: 'Article page',
  parameters: { layout: 'fullscreen', controls: { disable: true } },
  render: (args, { globals }) => articlePage({ ...args, locale: globals.locale as Locale }),
};
export default meta;

type Story = StoryObj<Args>;

/** The demo portal's article (demo/index.html): text size, contrast, rating, related articles and the counter. */
export const WholeArticlePage: Story = {};

/** The English edition of the page (demo/en.html). */
export const InEnglish: Story = {
  globals: { locale: 'en' },
};

/** The reader chose 200% on an earlier page: the article's px text is doubled, the menu and sidebar keep their size. */
export const At200PercentText: Story = {
  parameters: { page: { textSize: 200 } },
};

/** The reader chose more contrast: black on white, underlined blue links, images kept, nothing moved. */
export const AtMoreContrast: Story = {
  parameters: { page: { contrast: 'more' } },
};

/** A portal that offers a softer level, chosen by the reader. */
export const AtLessContrast: Story = {
  args: { contrastLevels: 'less normal more' },
  parameters: { page: { contrast: 'less' } },
};

/** Windows contrast themes: the system's colours win; the contrast toggle says so. Checked with forced colours by the smoke check. */
export const UnderForcedColors: Story = {
  tags: ['forced-colors'],
};

/** The page right to left: the widgets follow the direction (star order, arrow keys, alignment). */
export const RightToLeft: Story = {
  parameters: { page: { dir: 'rtl' } },
};

/** 200% text and more contrast together, in English. */
export const LargeTextMoreContrastEnglish: Story = {
  globals: { locale: 'en' },
  parameters: { page: { textSize: 200, contrast: 'more' } },
};

/** A headline as long as a resolution's name. */
export const LongVietnameseTitle: Story = {
  args: { title: LONG_TITLE.toUpperCase() },
};

/** Every service is down (500): the CMS's rating numbers stay, the counter and the related list say they cannot load. */
export const ServicesDown: Story = {
  args: { scenario: 'failing' },
  parameters: {
    page: {
      note: 'the rating keeps the numbers the CMS rendered; the counter shows dashes and "Hiện không tải được số liệu truy cập."; the related list says it cannot be loaded. Every service answers 500.',
    },
  },
};

/** Every service is slow (2.5 s): nothing on the page moves when the answers arrive. */
export const SlowServices: Story = {
  args: { scenario: 'slow' },
};
