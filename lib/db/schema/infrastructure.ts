import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { tstz } from "./columns";

/** Small key/value facts about the database itself (e.g. when demo data was seeded). */
export const appMeta = pgTable("app_meta", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

/**
 * Rate-limit counters shared by every app process (rate-limiter-flexible's RateLimiterDrizzle:
 * one atomic upsert per consumed point). `expire` ends the current window.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull().default(0),
    expire: tstz("expire"),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);
