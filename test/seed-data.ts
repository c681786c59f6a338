/**
 * The seed page's visit counter (server/openapi.yaml's example): Hôm nay 183, Hôm qua 202, Tháng 07 3.911, Tháng
 * trước 3.359, Năm 2024 61.542. Shared by the tests and the stories.
 */
export const SEED_STATS = {
  timeZone: 'Asia/Ho_Chi_Minh',
  asOf: '2024-07-15T10:00:00+07:00',
  online: 12,
  today: 183,
  yesterday: 202,
  thisMonth: 3911,
  lastMonth: 3359,
  thisYear: 61542,
  total: 1234567,
};
