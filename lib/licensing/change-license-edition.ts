import { and, eq } from "drizzle-orm";
import { appendAuditEvent, reasonForCustomer } from "@/lib/audit";
import type { VendorCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { editions, features, licenseEntitlements, licenses } from "@/lib/db/schema";
import { InvalidInput } from "@/lib/errors";
import type { ChangeLicenseEditionInput } from "@/lib/validations/catalog";
import { grantEditionEntitlements } from "./edition-entitlements";
import { sendLicenseNotice, type NoticeDeps } from "./license-notices";
import { assertAction } from "@/lib/state-machine";
import { viewerOf } from "@/lib/auth/viewer";
import { licenseMachine } from "./license-transitions";
import { lockLicense } from "./lock-license";
import { recordLicenseEvent } from "./record-license-event";

/**
 * Support moves a live license to another edition of its product (upgrade or downgrade): the
 * entitlements become the new edition's, the key stays, and clients see the change at their next
 * validation or license-file refresh. Signing follows the edition's scope from then on. Behind the
 * license lock, audited with the entitlements gained and lost; the owners are told after it commits.
 * Trials convert through Admin → Trials (a new key), not here.
 */
export async function changeLicenseEdition(ctx: VendorCtx, input: ChangeLicenseEditionInput, deps: NoticeDeps) {
  const now = ctx.now();
  const { license, from, to } = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId);
    assertAction(licenseMachine, "changeEdition", license, viewerOf(ctx));
    const [from] = await tx
      .select({ id: editions.id, code: editions.code, name: editions.name })
      .from(editions)
      .where(eq(editions.id, license.editionId));
    const [to] = await tx
      .select({ id: editions.id, code: editions.code, name: editions.name })
      .from(editions)
      .where(and(eq(editions.id, input.editionId), eq(editions.productId, license.productId)));
    if (!to)
      throw new InvalidInput("Choose an edition of this license's product.", {
        editionId: ["Choose another edition of the same product."],
      });
    if (to.id === from!.id)
      throw new InvalidInput("The license is on that edition already.", {
        editionId: [`The license is on ${to.name} already.`],
      });
    const before = await grantedCodes(tx, license.id);
    const [updated] = await tx
      .update(licenses)
      .set({ editionId: to.id, updatedAt: now })
      .where(eq(licenses.id, license.id))
      .returning();
    const after = await grantEditionEntitlements(tx, { licenseId: license.id, editionId: to.id });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: license.orgId,
      action: "license.edition_changed",
      subjectType: "license",
      subjectId: license.id,
      reason: input.reason,
      data: {
        from: from!.code,
        to: to.code,
        gained: after.filter((code) => !before.includes(code)),
        lost: before.filter((code) => !after.includes(code)),
        reasonCategory: input.reasonCategory,
        customerMessage: input.customerMessage,
      },
    });
    await recordLicenseEvent(tx, updated!, "license.updated", {
      now,
      change: { edition: { from: from!.code, to: to.code } },
    });
    return { license: updated!, from: from!, to };
  });
  await sendLicenseNotice(
    ctx.db,
    {
      licenseId: license.id,
      kind: "edition_changed",
      reason: reasonForCustomer(ctx.actor, input),
      change: { from: from.name, to: to.name },
      now,
    },
    deps,
  );
  return license;
}

async function grantedCodes(tx: Tx, licenseId: string): Promise<string[]> {
  const rows = await tx
    .select({ code: features.code })
    .from(licenseEntitlements)
    .innerJoin(features, eq(features.id, licenseEntitlements.featureId))
    .where(eq(licenseEntitlements.licenseId, licenseId));
  return rows.map((row) => row.code).sort();
}
