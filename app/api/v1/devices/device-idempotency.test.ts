/** The client API's changing POSTs under Idempotency-Key, over the real device routes. */
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { devices } from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { harness } from "@/testing/app-harness";
import { makeLicenseWithKey, makeSigner, testSecrets } from "@/testing/factories";
import { POST as activate } from "./activate/route";

const database = useTestDatabase();
const secrets = testSecrets();

describe("device activation with an Idempotency-Key", () => {
  let key: string;
  let licenseId: string;
  beforeAll(async () => {
    const now = () => new Date();
    const { signer } = await makeSigner(database.db, secrets, now);
    Object.assign(harness, { db: database.db, secrets, signer });
    const made = await makeLicenseWithKey(database.db, secrets, { now });
    key = made.key.plaintext;
    licenseId = made.license.id;
  });

  const activateWith = (idempotencyKey: string, fingerprint: string) =>
    activate(
      new Request("http://localhost:3000/api/v1/devices/activate", {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
        body: JSON.stringify({ key, fingerprint, name: "build agent" }),
      }),
    );
  const deviceCount = async () =>
    (await database.db.select({ n: count() }).from(devices).where(eq(devices.licenseId, licenseId)))[0]!.n;

  it("answers a retried activation with the first answer, replayed, and one device", async () => {
    const first = await activateWith("activate-7f3a", "fingerprint-agent-01");
    const retry = await activateWith("activate-7f3a", "fingerprint-agent-01");
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
    expect(await deviceCount()).toBe(1);
  });

  it("refuses the same Idempotency-Key for another machine with 422", async () => {
    const other = await activateWith("activate-7f3a", "fingerprint-agent-02");
    expect(other.status).toBe(422);
    expect((await other.json()).code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await deviceCount()).toBe(1);
  });
});
