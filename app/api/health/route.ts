import { sql } from "drizzle-orm";
import { appServices } from "@/lib/config/server";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the e2e harness. */
export async function GET() {
  try {
    const db = await appServices().db();
    await db.execute(sql`select 1`);
    return Response.json({ status: "ok", database: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    appServices().logger.error({ err: error }, "health check: database unavailable");
    return Response.json(
      { status: "degraded", database: "unreachable" },
      { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } },
    );
  }
}
