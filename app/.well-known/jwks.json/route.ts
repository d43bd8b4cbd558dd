import { appServices } from "@/lib/config/server";
import { jwksResponse } from "@/lib/http/jwks-response";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    const keys = await (await appServices().signing()).publicKeys();
    return jwksResponse(keys, request.headers.get("if-none-match"));
  } catch (error) {
    appServices().logger.error({ err: error }, "JWKS unavailable");
    return new Response(JSON.stringify({ title: "JWKS temporarily unavailable", status: 503 }), {
      status: 503,
      headers: { "content-type": "application/problem+json", "retry-after": "30", "cache-control": "no-store" },
    });
  }
}
