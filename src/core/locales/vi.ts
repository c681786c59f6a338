import type { Messages } from './en.js';

export const vi: Messages = {
  fontSize: {
    group: 'Cỡ chữ',
    decrease: 'Giảm cỡ chữ',
    reset: 'Cỡ chữ mặc định',
    increase: 'Tăng cỡ chữ',
    status: (percent) => `Cỡ chữ ${percent}`,
  },
  contrast: {
    group: 'Độ tương phản',
    increase: 'Tăng tương phản',
    decrease: 'Giảm tương phản',
    levels: { less: 'Tương phản thấp', normal: 'Tương phản bình thường', more: 'Tương phản cao' },
    forcedColors: 'Đang dùng màu của hệ thống',
  },
};
