/**
 * The request and answer schemas of the API, each with its TypeScript type from the same definition (TypeBox): Fastify
 * validates requests against them, and the routes' `request.params`, `request.body` and headers are typed from them.
 * `server/openapi.yaml` documents the same shapes; the contract and fuzz tests hold the service to it.
 */
import { Type, type Static } from 'typebox';

/** An article id: a slug of up to 200 characters (long Vietnamese slugs are common). */
export const Item = Type.String({ pattern: '^[A-Za-z0-9._~-]{1,200}$' });
export const SiteId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
export const VISITOR_PATTERN = '^[A-Za-z0-9_-]{16,64}$';
export const VisitorId = Type.String({ pattern: VISITOR_PATTERN });
/** A BCP 47 language tag (RFC 5646's shape: language, script, region, variants, extensions). */
export const LANG_PATTERN =
  '^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-[0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+)*(-x(-[A-Za-z0-9]{1,8})+)?$';

/**
 * The site is not checked by pattern: a name that is no site gets 404 "unknown site" from the site hook, the same
 * whether it is well-formed or not.
 */
export const SiteParams = Type.Object({ site: Type.Optional(Type.String()) });
export const ItemParams = Type.Object({ item: Item, site: Type.Optional(Type.String()) });
export type ItemParams = Static<typeof ItemParams>;
export const VisitorHeaders = Type.Object({ 'x-visitor-id': VisitorId });

/** The upper bound is the site's scale (2..10), checked by the route: 422 past it, as the widget expects. */
export const VoteBody = Type.Object({ score: Type.Integer() }, { additionalProperties: false });

export const HitBody = Type.Object(
  {
    path: Type.String({ minLength: 1, maxLength: 2048, pattern: '^/' }),
    referrer: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false },
);

export const Aggregate = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  sum: Type.Integer({ minimum: 0 }),
  average: Type.Number({ minimum: 0 }),
  max: Type.Integer({ minimum: 2, maximum: 10 }),
});
export type Aggregate = Static<typeof Aggregate>;
export const Vote = Type.Object({ score: Type.Union([Type.Integer({ minimum: 1, maximum: 10 }), Type.Null()]) });
export const VoteResult = Type.Intersect([Aggregate, Vote]);
export type VoteResult = Static<typeof VoteResult>;

const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const Stats = Type.Object({
  timeZone: Type.String(),
  asOf: Type.String({ format: 'date-time' }),
  online: Count,
  today: Count,
  yesterday: Count,
  thisMonth: Count,
  lastMonth: Count,
  thisYear: Count,
  total: Count,
});
export type Stats = Static<typeof Stats>;

export const RelatedItem = Type.Object({
  url: Type.String(),
  title: Type.String({ minLength: 1 }),
  publishedAt: Type.Optional(Type.String()),
  excerpt: Type.Optional(Type.String()),
  lang: Type.Optional(Type.String({ pattern: LANG_PATTERN })),
  image: Type.Optional(
    Type.Object({
      src: Type.String(),
      width: Type.Optional(Type.Integer({ minimum: 1 })),
      height: Type.Optional(Type.Integer({ minimum: 1 })),
      alt: Type.Optional(Type.String()),
    }),
  ),
  reason: Type.Union([Type.Literal('tag'), Type.Literal('category'), Type.Literal('recent')]),
});
export type RelatedItem = Static<typeof RelatedItem>;

export const ArticlesAnswer = Type.Object({ articles: Type.Integer({ minimum: 0 }) });
export const ErrorBody = Type.Object({ error: Type.String() });
