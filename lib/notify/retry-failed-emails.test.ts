import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { outbox } from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import type { Mailer } from "./email";
import { MAX_DELIVERY_ATTEMPTS, retryFailedEmails, sendEmail, signInEmail } from "./index";

const email = signInEmail({ to: "someone@x.example", url: "https://portal.example/signin", expiresInMinutes: 15 });

function flakyMailer(failures: number): Mailer & { delivered: string[] } {
  let remaining = failures;
  const delivered: string[] = [];
  return {
    transport: "resend",
    delivered,
    async send(message, { idempotencyKey }) {
      if (remaining > 0) {
        remaining -= 1;
        throw new Error("provider unavailable");
      }
      delivered.push(`${message.to}:${idempotencyKey}`);
    },
  };
}

describe("email retries", () => {
  const database = useTestDatabase();

  it("delivers everything once the provider is back, each email once", async () => {
    const mailer = flakyMailer(3);
    let now = new Date("2026-11-23T12:00:00Z");
    await sendEmail(database.db, mailer, { email, dedupeKey: "retry-1", now });
    await sendEmail(database.db, mailer, { email, dedupeKey: "retry-2", now });
    for (let minute = 0; minute < 30; minute += 1) {
      now = new Date(now.getTime() + 60_000);
      await retryFailedEmails(database.db, mailer, { now });
    }
    expect(mailer.delivered.sort()).toEqual(["someone@x.example:retry-1", "someone@x.example:retry-2"]);
    const rows = await database.db.select().from(outbox);
    expect(rows.every((row) => row.status === "sent")).toBe(true);
  });

  it("waits out a three-day outage, then gives up and marks the email dead", async () => {
    const mailer = flakyMailer(1000);
    let now = new Date("2026-11-23T12:00:00Z");
    await sendEmail(database.db, mailer, { email, dedupeKey: "dead-1", now });
    for (let hour = 0; hour < 72; hour += 1) {
      now = new Date(now.getTime() + 3_600_000);
      await retryFailedEmails(database.db, mailer, { now });
    }
    expect((await database.db.select().from(outbox).where(eq(outbox.dedupeKey, "dead-1")))[0]!.status).toBe("failed");
    for (let hour = 72; hour < 96; hour += 1) {
      now = new Date(now.getTime() + 3_600_000);
      await retryFailedEmails(database.db, mailer, { now });
    }
    const [row] = await database.db.select().from(outbox).where(eq(outbox.dedupeKey, "dead-1"));
    expect(row).toMatchObject({ status: "dead", attempts: MAX_DELIVERY_ATTEMPTS });
  });
});
