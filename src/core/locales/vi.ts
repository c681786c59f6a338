import type { Messages } from './en.js';

export const fontSize: Messages['fontSize'] = {
  group: 'Cỡ chữ',
  decrease: 'Giảm cỡ chữ',
  reset: 'Cỡ chữ mặc định',
  increase: 'Tăng cỡ chữ',
  status: (percent) => `Cỡ chữ ${percent}`,
};

export const rating: Messages['rating'] = {
  summary: (sum, count) => `Tổng số điểm của bài viết là: ${sum} trong ${count} đánh giá`,
  average: (average, max) => `Điểm trung bình ${average} trên ${max} sao`,
  noRatings: 'Chưa có đánh giá',
  prompt: 'Click để đánh giá bài viết',
  hint: 'Dùng phím mũi tên để chọn, Enter để gửi',
  group: 'Đánh giá bài viết',
  star: (n) => `${n} sao`,
  yourVote: (n) => `Bạn đã đánh giá ${n} sao`,
  withdraw: 'Hủy đánh giá',
  thanks: 'Cảm ơn bạn đã đánh giá',
  withdrawn: 'Đã hủy đánh giá của bạn',
  failed: 'Không lưu được đánh giá của bạn.',
  rateLimited: (seconds) => `Bạn đánh giá quá nhanh. Vui lòng thử lại sau ${seconds} giây.`,
  retry: 'Thử lại',
  unavailable: 'Hiện không tải được điểm đánh giá',
};

export const stats: Messages['stats'] = {
  label: 'Thống kê truy cập',
  today: 'Hôm nay',
  yesterday: 'Hôm qua',
  thisMonth: ({ month }) => `Tháng ${month}`,
  thisMonthUnknown: 'Tháng này',
  lastMonth: 'Tháng trước',
  thisYear: (year) => `Năm ${year}`,
  thisYearUnknown: 'Năm nay',
  total: 'Tổng lượt truy cập',
  online: 'Đang truy cập',
  noData: 'không có dữ liệu',
  unavailable: 'Hiện không tải được số liệu truy cập.',
};

export const related: Messages['related'] = {
  heading: 'Bài viết liên quan',
  unavailable: 'Hiện không tải được bài viết liên quan.',
  date: { day: '2-digit', month: '2-digit', year: 'numeric' },
};

export const contrast: Messages['contrast'] = {
  group: 'Độ tương phản',
  increase: 'Tăng tương phản',
  decrease: 'Giảm tương phản',
  levels: { less: 'Tương phản thấp', normal: 'Tương phản bình thường', more: 'Tương phản cao' },
  forcedColors: 'Đang dùng màu của hệ thống',
};
