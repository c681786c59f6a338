/** Every user-facing string of the library. A locale file must provide each key; `registerLocale` fills gaps from English. */
export interface Messages {
  fontSize: {
    group: string;
    decrease: string;
    reset: string;
    increase: string;
    /** Announced after a change; `percent` is already formatted for the language ("120%"). */
    status: (percent: string) => string;
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

export const en: Messages = {
  fontSize: {
    group: 'Text size',
    decrease: 'Decrease text size',
    reset: 'Reset text size',
    increase: 'Increase text size',
    status: (percent) => `Text size ${percent}`,
  },
  contrast: {
    group: 'Contrast',
    increase: 'Increase contrast',
    decrease: 'Decrease contrast',
    levels: { less: 'Low contrast', normal: 'Normal contrast', more: 'High contrast' },
    forcedColors: 'Your system colours are in use',
  },
};
