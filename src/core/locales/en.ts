/**
 * Every user-facing string of the library, one section per element. The locale files export each section on its own,
 * so an element's single-file bundle carries its own strings only. `registerLocale` fills gaps from the built-in strings.
 */
export interface Messages {
  fontSize: {
    group: string;
    decrease: string;
    reset: string;
    increase: string;
    /** Announced after a change; `percent` is already formatted for the language ("120%"). */
    status: (percent: string) => string;
  };
  rating: {
    /** The seed page's sentence: total score and number of ratings, formatted, and the count as a number for plurals. */
    summary: (sum: string, count: string, n: number) => string;
    /** The stars' text alternative: average (formatted) out of max. */
    average: (average: string, max: number) => string;
    noRatings: string;
    prompt: string;
    /** How to vote with the keyboard: shown while a star has keyboard focus, and the group's description. */
    hint: string;
    group: string;
    star: (n: number) => string;
    yourVote: (n: number) => string;
    withdraw: string;
    thanks: string;
    withdrawn: string;
    failed: string;
    rateLimited: (seconds: number) => string;
    retry: string;
    unavailable: string;
  };
  stats: {
    /** The table's caption. */
    label: string;
    today: string;
    yesterday: string;
    /** The month of the server's date: `month` two digits ("07"), `monthName` in this language ("July"), `year`. */
    thisMonth: (date: { month: string; monthName: string; year: string }) => string;
    /** Used while the server's date is unknown (loading, or a bad `asOf`). */
    thisMonthUnknown: string;
    lastMonth: string;
    thisYear: (year: string) => string;
    thisYearUnknown: string;
    total: string;
    online: string;
    noData: string;
    /** Shown under the table when the numbers could not be loaded and there are none to show. */
    unavailable: string;
  };
  related: {
    heading: string;
    /** Shown under the heading when the list could not be loaded and there is nothing to show. */
    unavailable: string;
    /** How dates are written: vi 31/07/2023, en Jul 31, 2023. */
    date: Intl.DateTimeFormatOptions;
  };
  contrast: {
    group: string;
    increase: string;
    decrease: string;
    /** Announced after a change, and used as the group's description. */
    levels: { less: string; normal: string; more: string };
    /** Shown instead of working buttons while the operating system forces its own colours. */
    forcedColors: string;
  };
}

export const fontSize: Messages['fontSize'] = {
  group: 'Text size',
  decrease: 'Decrease text size',
  reset: 'Reset text size',
  increase: 'Increase text size',
  status: (percent) => `Text size ${percent}`,
};

export const rating: Messages['rating'] = {
  summary: (sum, count, n) => `Total score of this article: ${sum} from ${count} ${n === 1 ? 'rating' : 'ratings'}`,
  average: (average, max) => `Rated ${average} out of ${max} stars`,
  noRatings: 'No ratings yet',
  prompt: 'Click to rate this article',
  hint: 'Use the arrow keys to choose, Enter to send',
  group: 'Rate this article',
  star: (n) => (n === 1 ? '1 star' : `${n} stars`),
  yourVote: (n) => (n === 1 ? 'You rated 1 star' : `You rated ${n} stars`),
  withdraw: 'Withdraw rating',
  thanks: 'Thank you for rating',
  withdrawn: 'Your rating was withdrawn',
  failed: 'Your rating could not be saved.',
  rateLimited: (seconds) => `Too many ratings at once. Please try again in ${seconds} seconds.`,
  retry: 'Try again',
  unavailable: 'Ratings are unavailable right now',
};

export const stats: Messages['stats'] = {
  label: 'Visit statistics',
  today: 'Today',
  yesterday: 'Yesterday',
  thisMonth: ({ monthName, year }) => `${monthName} ${year}`,
  thisMonthUnknown: 'This month',
  lastMonth: 'Last month',
  thisYear: (year) => year,
  thisYearUnknown: 'This year',
  total: 'Total visits',
  online: 'Online now',
  noData: 'no data',
  unavailable: 'Visit statistics are unavailable right now.',
};

export const related: Messages['related'] = {
  heading: 'Related articles',
  unavailable: 'Related articles are unavailable right now.',
  date: { dateStyle: 'medium' },
};

export const contrast: Messages['contrast'] = {
  group: 'Contrast',
  increase: 'Increase contrast',
  decrease: 'Decrease contrast',
  levels: { less: 'Low contrast', normal: 'Normal contrast', more: 'High contrast' },
  forcedColors: 'Your system colours are in use',
};
