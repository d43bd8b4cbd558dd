import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { VendorCtx } from "@/lib/context";
import { editions, licenses, organizations, products } from "@/lib/db/schema";
import { InvalidInput, NotFound } from "@/lib/errors";
import { findNoticeRecipients, licenseReadyEmail, sendEmail } from "@/lib/notify";
import type { CreateLicenseInput } from "@/lib/validations/catalog";
import { grantEditionEntitlements } from "./edition-entitlements";
import { issueLicenseKey, type KeySecrets } from "./license-key-secrets";
import { recordLicenseEvent } from "./record-license-event";
import type { NoticeDeps } from "./license-notices";
import { isTrialEdition } from "./trial";

const DAY_MS = 86_400_000;

/**
 * Support issues a license to a customer: the edition's entitlements, the seats, term and offline
 * grace chosen (the edition's defaults unless changed), and an active key, all in one transaction,
 * so no license ever exists without a key. The owners then get a "license ready" email naming the
 * product and linking to the portal; the key itself is only ever revealed there (DESIGN.md §2).
 * A trial is a license on the product's trial edition.
 */
export async function createLicense(
  ctx: VendorCtx,
  input: CreateLicenseInput,
  deps: NoticeDeps & { secrets: KeySecrets },
) {
  const now = ctx.now();
  const created = await ctx.db.transaction(async (tx) => {
    const [org] = await tx
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, input.orgId));
    if (!org) throw new NotFound("Customer not found.");
    const [edition] = await tx
      .select({
        id: editions.id,
        code: editions.code,
        name: editions.name,
        productId: products.id,
        productCode: products.code,
        productName: products.name,
      })
      .from(editions)
      .innerJoin(products, eq(products.id, editions.productId))
      .where(eq(editions.id, input.editionId));
    if (!edition)
      throw new InvalidInput("Choose an edition from the catalogue.", {
        editionId: ["That edition does not exist (any more). Reload the page and choose again."],
      });
    const expiresAt = input.termDays === null ? null : new Date(now.getTime() + input.termDays * DAY_MS);
    const [license] = await tx
      .insert(licenses)
      .values({
        orgId: org.id,
        productId: edition.productId,
        editionId: edition.id,
        seats: input.seats,
        startsAt: now,
        expiresAt,
        offlineGraceDays: input.offlineGraceDays,
        metadata: input.metadata,
        notes: input.notes,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const entitlements = await grantEditionEntitlements(tx, { licenseId: license!.id, editionId: edition.id });
    const isTrial = isTrialEdition(edition.code);
    // Staff notes and the vendor's metadata stay on the license (staff views): the audit trail is
    // also the customer's, so it records only that they were set.
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: org.id,
      action: "license.created",
      subjectType: "license",
      subjectId: license!.id,
      reason: input.reason,
      data: {
        product: edition.productCode,
        edition: edition.code,
        seats: input.seats,
        expiresAt,
        offlineGraceDays: input.offlineGraceDays,
        entitlements,
        isTrial,
        metadataKeys: Object.keys(input.metadata).sort(),
        hasNotes: input.notes !== "",
        reasonCategory: input.reasonCategory,
      },
    });
    const key = await issueLicenseKey(tx, ctx, {
      licenseId: license!.id,
      orgId: org.id,
      state: "active",
      secrets: deps.secrets,
    });
    await recordLicenseEvent(tx, license!, "license.created", { now });
    return { license: license!, org, edition, entitlements, isTrial, keyPrefix: key.prefix };
  });
  const { license, org, edition, entitlements, isTrial } = created;
  for (const to of await findNoticeRecipients(ctx.db, org.id)) {
    await sendEmail(ctx.db, deps.mailer, {
      email: licenseReadyEmail({
        to,
        orgName: org.name,
        productName: edition.productName,
        editionName: edition.name,
        seats: license.seats,
        expiresAt: license.expiresAt?.toISOString() ?? null,
        isTrial,
        entitlements,
        licenseUrl: `${deps.portalUrl}/licenses/${license.id}`,
      }),
      dedupeKey: `license-ready:${license.id}:${to}`,
      orgId: org.id,
      now,
    });
  }
  return { licenseId: license.id, orgId: org.id, keyPrefix: created.keyPrefix };
}
