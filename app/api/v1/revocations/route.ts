import { z } from "zod";
import { appServices } from "@/lib/config/server";
import { InvalidInput } from "@/lib/errors";
import { handleJsonRoute } from "@/lib/http/json-route";
import { listRevocations, revocationFeedEtag, signRevocationPageJson } from "@/lib/licensing";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  since: z.coerce
    .number({ error: "since must be a sequence number." })
    .int("since must be a whole number.")
    .min(0, "since cannot be negative.")
    .default(0),
});

/**
 * GET /api/v1/revocations?since=N — the append-only revocation feed, incremental by sequence.
 * The ETag names the page's content (since + the feed's head), so a poll with nothing new is a
 * 304 answered from memory, without reading the database.
 */
export const GET = handleJsonRoute(
  async (request) => {
    const url = new URL(request.url);
    const parsed = querySchema.safeParse({ since: url.searchParams.get("since") ?? undefined });
    if (!parsed.success)
      throw new InvalidInput("Invalid query: check since.", {
        since: parsed.error.issues.map((issue) => issue.message),
      });
    const { since } = parsed.data;
    const head = await (await appServices().revocationFeedHead()).current();
    const etag = revocationFeedEtag(since, head);
    const headers = { etag, "cache-control": "no-cache" };
    // A 304 comes from memory and costs less than the limiter's own database write, so only a
    // poll that reads the feed counts against the limit.
    if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
    // The limit and the page go to the database side by side (issue 21), not one after the other:
    // the read changes nothing, and a refused poll still gets only its 429.
    const [, page] = await Promise.all([
      appServices().consumeApiCall({ ip: appServices().clientIp(request.headers) }),
      appServices()
        .db()
        .then((db) => listRevocations(db, { since })),
    ]);
    // The page is serialized once, for the token and the body alike (issue 21).
    const body = await signRevocationPageJson(await appServices().signing(), page, {
      now: new Date(),
      issuer: appServices().publicUrl("/"),
    });
    return new Response(body, { headers: { ...headers, "content-type": "application/json" } });
  },
  (error) => appServices().logger.error({ err: error }, "revocation feed failed"),
);
