import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { approveRequest } from "@/lib/approvals";
import * as t from "@/lib/db/schema";
import { activateDevice, deactivateDevices } from "@/lib/devices";
import { devMailboxMailer } from "@/lib/notify";
import { emergencyRotate } from "@/lib/rotation";
import { requestSigningKeyRevocation } from "@/lib/key-governance";
import { ensureSigningKeys, productScope } from "@/lib/signing";
import {
  apiCtx,
  fixedNow,
  makeLicenseWithKey,
  makeProduct,
  makeUser,
  staffCtx,
  systemActor,
  testNoticeDeps,
} from "@/testing/factories";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { isRevocationEntry, REVOCATION_REASON_CODES } from "@/packages/sdk/src/revocation-list";
import {
  createRevocationFanOut,
  createRevocationStream,
  finaliseDueRevocations,
  listRevocations,
  revokeLicense,
  signRevocationPage,
} from "./index";

const now = fixedNow("2026-11-23T12:00:00Z");
const afterUndoWindow = () => new Date(now().getTime() + 73 * 3_600_000);
const ISSUER = "https://portal.example/";
const deps = { mailer: devMailboxMailer, portalUrl: "https://portal.example" };

/**
 * DESIGN.md §4: public feeds carry codes, never free text (issue 24, finding 4). Every path that
 * records a revocation is driven with its own marker typed as the reason; no marker may leave
 * through the JSON page, its signature or the push stream.
 */
describe("revocation feed reason codes", () => {
  const testbed = useDeviceTestbed(now);
  const markers: string[] = [];
  const typed = (who: string) => {
    const marker = `MARKER-${who}-${randomUUID()}`;
    markers.push(marker);
    return marker;
  };

  async function revokeThroughEveryPath() {
    const { db, secrets } = testbed;
    const staff = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", now);
    const secondAdmin = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", now);
    const expected = new Map<string, string>();

    const leaked = await makeLicenseWithKey(db, secrets, { now });
    await emergencyRotate(leaked.ctx, { licenseId: leaked.license.id, reason: typed("customer-leak") }, { secrets });
    expected.set(leaked.key.prefix, "key_compromise");

    const ownRevocation = await makeLicenseWithKey(db, secrets, { now });
    await revokeLicense(
      ownRevocation.ctx,
      { licenseId: ownRevocation.license.id, reason: typed("customer-revoke") },
      deps,
    );
    expected.set(ownRevocation.license.id, "cessation_of_operation");

    const emergency = await makeLicenseWithKey(db, secrets, { now });
    await revokeLicense(
      staff,
      {
        licenseId: emergency.license.id,
        reason: typed("staff-emergency"),
        reasonCategory: "security",
        isEmergency: true,
        reasonCode: "privilege_withdrawn",
      },
      deps,
    );
    expected.set(emergency.license.id, "privilege_withdrawn");

    const undoable = await makeLicenseWithKey(db, secrets, { now });
    await revokeLicense(
      staff,
      {
        licenseId: undoable.license.id,
        reason: typed("staff-revoke"),
        reasonCategory: "billing",
        reasonCode: "affiliation_changed",
      },
      deps,
    );
    expected.set(undoable.license.id, "affiliation_changed");
    await finaliseDueRevocations({ db, now: afterUndoWindow, actor: systemActor }, deps);

    const withDevice = await makeLicenseWithKey(db, secrets, { now });
    const activation = await activateDevice(
      apiCtx(db, now),
      { key: withDevice.key.plaintext, fingerprint: testbed.fingerprints.next(), name: "Workstation" },
      { hasher: secrets.hasher, signer: testbed.signer, issuer: ISSUER, ...deps, caller: { ip: "203.0.113.9" } },
    );
    await deactivateDevices(staff, {
      licenseId: withDevice.license.id,
      deviceIds: [activation.device.id],
      reason: typed("staff-device"),
      reasonCategory: "customer_request",
    });
    expected.set(activation.device.id, "privilege_withdrawn");

    const scope = productScope((await makeProduct(db)).product.id);
    await ensureSigningKeys({ db, now, actor: systemActor }, { ring: secrets.ring, scope });
    const [signingKey] = await db
      .select()
      .from(t.signingKeys)
      .where(and(eq(t.signingKeys.scope, scope), eq(t.signingKeys.state, "active")));
    const approval = await requestSigningKeyRevocation(staff, {
      kid: signingKey!.kid,
      ttlHours: 24,
      reason: typed("staff-signing-key"),
      reasonCategory: "security",
    });
    await approveRequest(
      secondAdmin,
      {
        approvalId: approval.id,
        reason: typed("staff-approval"),
        reasonCategory: "security",
      },
      testNoticeDeps,
    );
    expected.set(signingKey!.kid, "key_compromise");
    return expected;
  }

  it("publishes a code for every kind of revocation and never the text anyone typed, in the page, its signature or the stream", async () => {
    const expected = await revokeThroughEveryPath();
    const page = await listRevocations(testbed.db, { since: 0 });
    const signed = await signRevocationPage(testbed.signer, page, { now: now(), issuer: ISSUER });

    for (const [subject, code] of expected)
      expect(page.items.find((item) => item.subject === subject)?.reason).toBe(code);
    expect(
      page.items.every(
        (item) => isRevocationEntry(item) && REVOCATION_REASON_CODES.some((code) => code === item.reason),
      ),
    ).toBe(true);

    // No notifications are needed: the rows exist before the stream opens behind them.
    const fanOut = await createRevocationFanOut({
      db: testbed.db,
      signer: testbed.signer,
      issuer: ISSUER,
      listen: async () => {},
    });
    const reader = createRevocationStream({ fanOut, since: 0 }).getReader();
    const decoder = new TextDecoder();
    let streamed = "";
    while (!/data: .*\n\n/.test(streamed)) streamed += decoder.decode((await reader.read()).value);
    await reader.cancel();
    fanOut.close();

    const published = [JSON.stringify(signed), JSON.stringify(decodeJwt(signed.token)), streamed];
    expect(markers).toHaveLength(7);
    for (const text of published) expect(text).not.toContain("MARKER-");
  });
});
