import { z } from "zod";
import { appServices } from "@/lib/config/server";
import { InvalidInput } from "@/lib/errors";
import { handleJsonRoute } from "@/lib/http/json-route";
import { createRevocationStream } from "@/lib/licensing";

export const dynamic = "force-dynamic";

const sequence = z.coerce
  .number({ error: "must be a sequence number." })
  .int("must be a whole number.")
  .min(0, "cannot be negative.");

/** GET /api/v1/revocations/stream?since=N — the revocation feed pushed as Server-Sent Events. */
export const GET = handleJsonRoute(
  async (request) => {
    const resumeFrom = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("since") ?? "0";
    const since = sequence.safeParse(resumeFrom);
    if (!since.success)
      throw new InvalidInput("Invalid since / Last-Event-ID.", {
        since: since.error.issues.map((issue) => issue.message),
      });
    await appServices().consumeApiCall({ ip: appServices().clientIp(request.headers) });
    const stream = createRevocationStream({ fanOut: await appServices().revocationFanOut(), since: since.data });
    return new Response(stream, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" },
    });
  },
  (error) => appServices().logger.error({ err: error }, "revocation stream failed"),
);
