import { appServices } from "@/lib/config/server";
import { buildOpenApiDocument } from "@/lib/http/openapi";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(buildOpenApiDocument({ serverUrl: appServices().publicUrl("/").replace(/\/$/, "") }), {
    headers: { "cache-control": "public, max-age=3600" },
  });
}
