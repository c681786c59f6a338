/** The package version, compared by the guarded define to spot two different copies on one page. */
export const VERSION = '0.1.0';
