/**
 * The seed page's visit counter (server/openapi.yaml's example): Hôm nay 183, Hôm qua 202, Tháng 07 3.911, Tháng
 * trước 3.359, Năm 2024 61.542. Shared by the tests and the stories; the contract fake answers the same numbers.
 */
export { STATS as SEED_STATS } from './fake-api/contract-fake.mjs';
