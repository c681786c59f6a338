// Types for contract-fake.mjs (plain JavaScript, so Node and browsers import the same file).
export interface FakeRequest {
  method: string;
  /** The path under /api/v1/, e.g. `ratings/abc/vote`. */
  path: string;
  visitor?: string | null;
  /** The request body: JSON text, or already parsed. */
  body?: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Rating {
  count: number;
  sum: number;
  votes: Map<string, number>;
}

export declare const STATS: {
  timeZone: string;
  asOf: string;
  online: number;
  today: number;
  yesterday: number;
  thisMonth: number;
  lastMonth: number;
  thisYear: number;
  total: number;
};
export declare const RELATED: { url: string; title: string; publishedAt?: string; reason: string }[];

export declare class ContractFake {
  constructor(options?: {
    seed?: { count: number; sum: number; votes?: [string, number][] };
    max?: number;
    stats?: object;
    related?: object[];
  });
  readonly max: number;
  ratings: Map<string, Rating>;
  hits: number;
  reset(): void;
  rating(item: string): Rating;
  aggregate(rating: Rating): { count: number; sum: number; average: number; max: number };
  handle(request: FakeRequest): FakeReply;
}
