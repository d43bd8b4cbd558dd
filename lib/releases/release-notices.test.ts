import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { Forbidden, NotFound } from "@/lib/errors";
import { chooseLicenseChannels } from "@/lib/notify/channels";
import { fixedNow, makeLicense, makeOrg, makeSigner, orgCtx, testSecrets } from "@/testing/factories";
import { makePublishedRelease, RELEASE_PORTAL_URL, temporaryArtifactStore } from "@/testing/release-factories";
import { useTestDatabase } from "@/testing/test-database";
import { hasReleaseNotices, setReleaseNotices } from "./index";

describe("release notices to opted-in customers", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = fixedNow("2026-12-01T10:00:00Z");
  const store = temporaryArtifactStore();

  /** An organisation with a verified webhook and email channel, and its owner's context. */
  async function customer() {
    const { org, user } = await makeOrg(database.db);
    const channels = await database.db
      .insert(t.notificationChannels)
      .values([
        {
          orgId: org.id,
          kind: "webhook" as const,
          target: `https://hooks.${org.slug}.example/rekey`,
          verifiedAt: now(),
        },
        { orgId: org.id, kind: "webhook" as const, target: `https://ops.${org.slug}.example/rekey`, verifiedAt: now() },
        { orgId: org.id, kind: "email" as const, target: `builds@${org.slug}.example`, verifiedAt: now() },
      ])
      .returning();
    return { org, owner: user, ctx: orgCtx(database.db, { orgId: org.id, user, now }), channels };
  }

  /** One product with a standard and an enterprise edition, and a license maker for it. */
  async function catalogue() {
    const db = database.db;
    const { signer } = await makeSigner(db, secrets, now);
    const acme = await customer();
    const first = await makeLicense(db, acme.org.id);
    const [enterprise] = await db
      .insert(t.editions)
      .values({ productId: first.productId, code: "enterprise", name: "Enterprise" })
      .returning();
    const licenseOf = async (
      orgId: string,
      editionId: string,
      fields: Partial<typeof t.licenses.$inferInsert> = {},
    ) => {
      const [license] = await db
        .insert(t.licenses)
        .values({
          orgId,
          productId: first.productId,
          editionId,
          seats: 1,
          startsAt: new Date("2026-01-01T00:00:00Z"),
          expiresAt: new Date("2027-06-01T00:00:00Z"),
          ...fields,
        })
        .returning();
      return license!;
    };
    const publish = (fields: { version: string; requiredEditionId?: string }) =>
      makePublishedRelease(db, { productId: first.productId, now, ...fields }, { store, signer });
    return {
      db,
      acme,
      first,
      standardEditionId: first.editionId,
      enterpriseEditionId: enterprise!.id,
      licenseOf,
      publish,
    };
  }

  const optIn = (ctx: Parameters<typeof setReleaseNotices>[0], licenseId: string) =>
    setReleaseNotices(ctx, { licenseId, choice: "subscribe" });

  async function queued(orgId: string) {
    const rows = await database.db.select().from(t.outbox).where(eq(t.outbox.orgId, orgId));
    const webhooks = rows
      .filter((row) => row.kind === "webhook")
      .map((row) => ({
        channelId: row.channelId,
        ...(row.payload as { type: string; data: Record<string, unknown> }),
      }));
    const emails = rows
      .filter((row) => row.kind === "email")
      .map((row) => row.payload as { to: string; subject: string; template: string; props: Record<string, unknown> });
    return { webhooks, emails };
  }

  it("emails and webhooks the opted-in licenses the release entitles, linking to their Downloads page on the public URL", async () => {
    const { acme, first, publish } = await catalogue();
    await optIn(acme.ctx, first.id);

    const { release } = await publish({ version: "4.0.0" });

    const { webhooks, emails } = await queued(acme.org.id);
    const downloadsUrl = `${RELEASE_PORTAL_URL}/licenses/${first.id}/downloads`;
    expect(webhooks).toHaveLength(2);
    for (const webhook of webhooks)
      expect(webhook).toMatchObject({
        type: "release.published",
        data: { licenseId: first.id, releaseId: release.id, version: "4.0.0", channel: "stable", downloadsUrl },
      });
    expect(emails.map((email) => email.to).sort()).toEqual(
      [acme.owner.email, `builds@${acme.org.slug}.example`].sort(),
    );
    for (const email of emails)
      expect(email).toMatchObject({
        template: "release-published",
        subject: expect.stringContaining("4.0.0 is available"),
        props: { version: "4.0.0", licenseCount: 1, downloadsUrl },
      });
  });

  it("tells nobody whose license did not opt in, is of another edition, or expired before the release", async () => {
    const { acme, enterpriseEditionId, standardEditionId, licenseOf, publish } = await catalogue();
    const globex = await customer();
    const globexEnterprise = await licenseOf(globex.org.id, enterpriseEditionId);
    const initech = await customer();
    const lapsed = await licenseOf(initech.org.id, standardEditionId, { expiresAt: new Date("2026-11-01T00:00:00Z") });
    await optIn(globex.ctx, globexEnterprise.id);
    await optIn(initech.ctx, lapsed.id);

    await publish({ version: "4.1.0", requiredEditionId: standardEditionId });

    // acme's license is entitled but never opted in; globex's is of another edition; initech's lapsed first.
    for (const orgId of [acme.org.id, globex.org.id, initech.org.id])
      expect(await queued(orgId)).toEqual({ webhooks: [], emails: [] });
  });

  it("follows each license's chosen channels, and emails each person once for several licenses", async () => {
    const { acme, first, standardEditionId, licenseOf, publish } = await catalogue();
    const second = await licenseOf(acme.org.id, standardEditionId);
    const [opsHook] = acme.channels;
    await chooseLicenseChannels(acme.ctx, { licenseId: first.id, choice: "chosen", channelIds: [opsHook!.id] });
    await optIn(acme.ctx, first.id);
    await optIn(acme.ctx, second.id);

    await publish({ version: "5.0.0" });

    const { webhooks, emails } = await queued(acme.org.id);
    const hooksFor = (licenseId: string) =>
      webhooks.filter((webhook) => webhook.data.licenseId === licenseId).map((webhook) => webhook.channelId);
    expect(hooksFor(first.id)).toEqual([opsHook!.id]);
    expect(hooksFor(second.id)).toHaveLength(2);
    // The owner hears of it once, for both licenses; the shared inbox only through the second license.
    const ownerEmails = emails.filter((email) => email.to === acme.owner.email);
    expect(ownerEmails).toHaveLength(1);
    expect(ownerEmails[0]!.props).toMatchObject({ licenseCount: 2 });
    expect(emails.filter((email) => email.to === `builds@${acme.org.slug}.example`)[0]!.props).toMatchObject({
      licenseCount: 1,
      downloadsUrl: `${RELEASE_PORTAL_URL}/licenses/${second.id}/downloads`,
    });
  });

  it("lets only an owner opt a license in or out, audits each change once, and hides other organisations' licenses", async () => {
    const { db, acme, first } = await catalogue();
    const member = orgCtx(db, { orgId: acme.org.id, user: acme.owner, role: "member", now });
    await expect(optIn(member, first.id)).rejects.toThrow(Forbidden);
    const globex = await customer();
    await expect(optIn(globex.ctx, first.id)).rejects.toThrow(NotFound);
    await expect(hasReleaseNotices(globex.ctx, first.id)).rejects.toThrow(NotFound);

    expect(await hasReleaseNotices(acme.ctx, first.id)).toBe(false);
    await optIn(acme.ctx, first.id);
    await optIn(acme.ctx, first.id);
    expect(await hasReleaseNotices(acme.ctx, first.id)).toBe(true);
    await setReleaseNotices(acme.ctx, { licenseId: first.id, choice: "unsubscribe" });
    expect(await hasReleaseNotices(acme.ctx, first.id)).toBe(false);

    const events = await db
      .select({ action: t.auditEvents.action })
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.subjectId, first.id), eq(t.auditEvents.orgId, acme.org.id)))
      .orderBy(t.auditEvents.id);
    expect(events.map((event) => event.action).filter((action) => action.startsWith("release_notices."))).toEqual([
      "release_notices.subscribed",
      "release_notices.unsubscribed",
    ]);
  });
});
