import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { useTestDatabase } from "@/testing/test-database";
import { makeProduct, makeUser, staffCtx } from "@/testing/factories";
import { rotationPolicySchema } from "@/lib/validations/support";
import {
  createRotationPolicyVersion,
  findRotationPolicy,
  listRotationPolicies,
  restoreRotationPolicyVersion,
} from "./index";

const why = { reason: "the longer overlap caused support calls", reasonCategory: "maintenance" as const };
const rules = {
  allowedCadenceDays: [30, 90],
  allowManualCadence: false,
  minOverlapMinutes: 7 * 1440,
  maxOverlapMinutes: 14 * 1440,
  minNoticeDays: 3,
  maxPostponeDays: 14,
  allowTokenBridging: false,
  expiryGraceDays: 0,
  maxKeyAgeDays: null,
  retireUnusedKeysAfterDays: null,
  revocationUndoHours: 72,
};

describe("rotation policy history", () => {
  const database = useTestDatabase();

  async function setup() {
    const { db } = database;
    const staff = staffCtx(db, await makeUser(db, { staffRole: "support" }), "support");
    const { product, edition } = await makeProduct(db);
    const first = await createRotationPolicyVersion(staff, { productId: product.id, ...rules, ...why });
    const second = await createRotationPolicyVersion(staff, {
      productId: product.id,
      ...rules,
      minOverlapMinutes: 14 * 1440,
      revocationUndoHours: 24,
      ...why,
    });
    return { db, staff, product, edition, first, second };
  }

  it("restores an old version as the next version with the old rules, and audits what changed", async () => {
    const { db, staff, product, edition, first, second } = await setup();
    const restored = await restoreRotationPolicyVersion(staff, { policyId: first.id, ...why });
    expect(restored.version).toBe(3);
    const current = await findRotationPolicy(db, { productId: product.id, editionId: edition.id });
    expect(current).toMatchObject({ id: restored.id, minOverlapMinutes: 7 * 1440, revocationUndoHours: 72 });
    const [untouched] = await db.select().from(t.rotationPolicies).where(eq(t.rotationPolicies.id, second.id));
    expect(untouched).toMatchObject({ version: 2, minOverlapMinutes: 14 * 1440 });
    const [event] = await db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, restored.id));
    expect(event).toMatchObject({ action: "rotation_policy.restored", reason: why.reason });
    expect(event!.data).toMatchObject({
      restoredVersion: 1,
      version: 3,
      changes: [
        "Minimum overlap changed from 14 days to 7 days",
        "Revocation undo window changed from 24 hours to 72 hours",
      ],
    });
  });

  it("lists each version with what it changed against the one before", async () => {
    const { staff, product } = await setup();
    const catalogue = await listRotationPolicies(staff);
    const history = catalogue.find((entry) => entry.product.id === product.id)!.productHistory;
    expect(history.map(({ policy }) => policy.version)).toEqual([2, 1]);
    expect(history[0]!.changes).toEqual([
      "Minimum overlap changed from 7 days to 14 days",
      "Revocation undo window changed from 72 hours to 24 hours",
    ]);
  });

  it("keeps the grace, key-age and idle-key rules the admin form sends, and reads an empty limit as none", async () => {
    const { db, staff, product, edition } = await setup();
    // As the policy form posts them: every field a string, the two limits left empty or filled.
    const form = {
      productId: product.id,
      editionId: "",
      allowedCadenceDays: "30, 90",
      allowManualCadence: "on",
      minOverlapMinutes: "10080",
      maxOverlapMinutes: "20160",
      minNoticeDays: "3",
      maxPostponeDays: "14",
      expiryGraceDays: "14",
      maxKeyAgeDays: "365",
      retireUnusedKeysAfterDays: "",
      revocationUndoHours: "72",
      ...why,
    };
    await createRotationPolicyVersion(staff, rotationPolicySchema.parse(form));
    expect(await findRotationPolicy(db, { productId: product.id, editionId: edition.id })).toMatchObject({
      version: 3,
      expiryGraceDays: 14,
      maxKeyAgeDays: 365,
      retireUnusedKeysAfterDays: null,
    });
    const refused = rotationPolicySchema.safeParse({ ...form, maxKeyAgeDays: "0", expiryGraceDays: "400" });
    expect(refused.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["expiryGraceDays", "The grace after expiry must be at most 365."],
      ["maxKeyAgeDays", "The maximum key age must be at least 1."],
    ]);
  });

  it("refuses to restore a version that does not exist", async () => {
    const { staff } = await setup();
    await expect(
      restoreRotationPolicyVersion(staff, { policyId: "00000000-0000-4000-8000-000000000000", ...why }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});
