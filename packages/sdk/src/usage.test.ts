import { describe, expect, it } from "vitest";
import {
  answerWithRefusal,
  createFakePortal,
  fixedNow,
  makeJwks,
  makeSigningKey,
  PORTAL_URL,
  type DeviceRequestBody,
} from "../testing/factories.ts";
import { createJwksCache } from "./jwks-cache.ts";
import { recordUsage } from "./usage.ts";

const NOW = "2026-03-10T12:00:00Z";
const now = fixedNow(NOW);
const LICENSE_KEY = "RK-7F3Q-K9M2-XW4D-8HNB-T";

const usageAnswer = (used: number, code = "VALID") =>
  Response.json(
    {
      code,
      record: { id: "export-0001", meter: "exports", quantity: 1, recordedAt: NOW, replayed: false },
      usage: {
        meter: "exports",
        period: "month",
        periodStartsAt: "2026-03-01T00:00:00.000Z",
        periodEndsAt: "2026-04-01T00:00:00.000Z",
        limit: 10,
        used,
        remaining: Math.max(0, 10 - used),
        overage: Math.max(0, used - 10),
        overageStrategy: "none",
      },
    },
    { status: 201 },
  );

async function portalWith(
  answer: (body: DeviceRequestBody, key: Awaited<ReturnType<typeof makeSigningKey>>) => Promise<Response> | Response,
) {
  const key = await makeSigningKey();
  const portal = createFakePortal({ jwks: () => makeJwks(key), usage: (body) => answer(body, key) });
  const jwks = createJwksCache({ url: `${PORTAL_URL}/.well-known/jwks.json`, fetch: portal.fetch, now });
  return { portal, call: { baseUrl: PORTAL_URL, key: LICENSE_KEY, jwks, fetch: portal.fetch, now } };
}

describe("recording usage against a quota (issue 18)", () => {
  it("sends the meter, quantity and the caller's id, and returns what is left this period", async () => {
    const { portal, call } = await portalWith(() => usageAnswer(3));
    const result = await recordUsage({ ...call, meter: "exports", quantity: 3, id: "export-0001" });
    expect(result).toEqual({
      ok: true,
      code: "VALID",
      replayed: false,
      usage: expect.objectContaining({ used: 3, remaining: 7, periodEndsAt: new Date("2026-04-01T00:00:00Z") }),
    });
    expect(portal.requests.at(-1)?.body).toMatchObject({
      key: LICENSE_KEY,
      meter: "exports",
      quantity: 3,
      id: "export-0001",
    });
  });

  it("believes a QUOTA_EXHAUSTED refusal only when the portal signed it for this request", async () => {
    const signed = await portalWith((body, key) =>
      answerWithRefusal(key, body, { code: "QUOTA_EXHAUSTED", issuedAt: NOW }),
    );
    expect(await recordUsage({ ...signed.call, meter: "exports", id: "export-0002" })).toMatchObject({
      ok: false,
      reason: "refused",
      code: "QUOTA_EXHAUSTED",
    });
    const unsigned = await portalWith((body, key) =>
      answerWithRefusal(key, body, { code: "QUOTA_EXHAUSTED", issuedAt: NOW, isSigned: false }),
    );
    expect(await recordUsage({ ...unsigned.call, meter: "exports", id: "export-0003" })).toMatchObject({
      ok: false,
      reason: "bad_request",
    });
  });

  it("reports a malformed answer instead of trusting it", async () => {
    const { call } = await portalWith(() =>
      Response.json({ code: "VALID", usage: { meter: "exports" } }, { status: 201 }),
    );
    expect(await recordUsage({ ...call, meter: "exports", id: "export-0004" })).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });
});
