import { appServices } from "@/lib/config/server";
import { isMetricsRequestAuthorized } from "@/lib/health";
import { problemResponse } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

/**
 * GET /metrics — Prometheus text exposition, for a scraper holding REKEY_METRICS_TOKEN as a bearer
 * token. Without a configured token the endpoint does not exist (404): nothing is exposed by default.
 */
export async function GET(request: Request) {
  const instance = new URL(request.url).pathname;
  const { env, healthMetrics, logger } = appServices();
  if (!env.REKEY_METRICS_TOKEN) {
    return problemResponse({
      title: "Not found",
      status: 404,
      code: "NOT_FOUND",
      detail: "Metrics are off: set REKEY_METRICS_TOKEN to enable them.",
      instance,
    });
  }
  if (!isMetricsRequestAuthorized(request.headers.get("authorization"), env.REKEY_METRICS_TOKEN)) {
    return problemResponse(
      {
        title: "Unauthorized",
        status: 401,
        code: "UNAUTHORIZED",
        detail: "Send the metrics token as Authorization: Bearer <token>.",
        instance,
      },
      { "www-authenticate": 'Bearer realm="rekey-metrics"' },
    );
  }
  const { registry } = healthMetrics();
  try {
    return new Response(await registry.metrics(), {
      headers: { "content-type": registry.contentType, "cache-control": "no-store" },
    });
  } catch (error) {
    logger.error({ err: error }, "metrics scrape failed");
    return problemResponse(
      {
        title: "Metrics unavailable",
        status: 503,
        code: "UNAVAILABLE",
        detail: "The database could not be read for this scrape; try the next one.",
        instance,
      },
      { "retry-after": "15" },
    );
  }
}
