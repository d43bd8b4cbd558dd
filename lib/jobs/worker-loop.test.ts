import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { idempotencyKeys } from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { IDEMPOTENCY_TTL_MS, withIdempotency } from "@/lib/http/idempotency";
import { createOutgoingHttp } from "@/lib/net";
import type { Mailer } from "@/lib/notify";
import { testSecrets } from "@/testing/factories";
import { startWorkerLoop } from "./worker-loop";

const database = useTestDatabase();
const devNull: Mailer = { transport: "resend", send: async () => undefined };
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe("worker loop", () => {
  it("removes Idempotency-Keys past their 24 hours on its pass, though nobody uses them again", async () => {
    const storedAt = new Date("2026-11-23T12:00:00Z");
    const request = new Request("http://localhost:3000/api/v1/manage/products", {
      method: "POST",
      headers: { "idempotency-key": "order-1" },
      body: "{}",
    });
    await withIdempotency(
      request,
      "{}",
      { db: database.db, now: storedAt, callerScope: "worker-loop-test" },
      async () => Response.json({}, { status: 201 }),
    );
    const dayLater = () => new Date(storedAt.getTime() + IDEMPOTENCY_TTL_MS);
    const worker = startWorkerLoop(
      {
        db: database.db,
        now: dayLater,
        secrets: testSecrets(),
        mailer: devNull,
        portalUrl: "https://portal.example",
        outgoing: createOutgoingHttp({ allowPrivate: false }),
      },
      { intervalMs: 60_000, logger: quiet },
    );
    await worker.stop();
    expect(
      await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.callerScope, "worker-loop-test")),
    ).toEqual([]);
  });
});
