import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { Forbidden, NotFound } from "@/lib/errors";
import { fixedNow, makeLicense, makeOrg, orgCtx } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { findNoticeRecipients } from "../notice-recipients";
import { chooseLicenseChannels, enqueueWebhookEvents, getLicenseChannels } from "./index";

describe("notification channels per license", () => {
  const database = useTestDatabase();

  /** Verified channels, inserted: adding and verifying them is channels.test.ts's subject. */
  async function verifiedChannels(orgId: string, targets: { kind: "email" | "webhook"; target: string }[]) {
    return database.db
      .insert(t.notificationChannels)
      .values(targets.map((channel) => ({ ...channel, orgId, verifiedAt: fixedNow()() })))
      .returning({ id: t.notificationChannels.id, target: t.notificationChannels.target });
  }

  async function setup() {
    const acme = await makeOrg(database.db);
    const owner = orgCtx(database.db, { orgId: acme.org.id, user: acme.user });
    const [chosenLicense, otherLicense] = [
      await makeLicense(database.db, acme.org.id),
      await makeLicense(database.db, acme.org.id),
    ];
    const [opsHook, devHook, opsMail] = await verifiedChannels(acme.org.id, [
      { kind: "webhook", target: "https://ops.example.com/hooks" },
      { kind: "webhook", target: "https://dev.example.com/hooks" },
      { kind: "email", target: "ops@acme.test" },
    ]);
    return {
      acme,
      owner,
      chosenLicense: chosenLicense!,
      otherLicense: otherLicense!,
      opsHook: opsHook!,
      devHook: devHook!,
      opsMail: opsMail!,
    };
  }

  const queuedTargets = async (licenseId: string) => {
    const rows = await database.db.select({ channelId: t.outbox.channelId, payload: t.outbox.payload }).from(t.outbox);
    return rows
      .filter((row) => (row.payload as { data: { licenseId: string } }).data.licenseId === licenseId)
      .map((row) => row.channelId)
      .sort();
  };

  it("sends a license's webhook events only to the channels its owner chose, and the others' to every channel", async () => {
    const { acme, owner, chosenLicense, otherLicense, opsHook, devHook } = await setup();
    await chooseLicenseChannels(owner, { licenseId: chosenLicense.id, choice: "chosen", channelIds: [opsHook.id] });

    await enqueueWebhookEvents(
      database.db,
      [chosenLicense, otherLicense].map((license) => ({
        orgId: acme.org.id,
        type: "license.status_changed" as const,
        data: { licenseId: license.id },
        dedupeKey: `test:${license.id}`,
        now: fixedNow()(),
      })),
    );

    expect(await queuedTargets(chosenLicense.id)).toEqual([opsHook.id]);
    expect(await queuedTargets(otherLicense.id)).toEqual([opsHook.id, devHook.id].sort());
  });

  it("emails a license's notices to its owners and its chosen addresses only", async () => {
    const { acme, owner, chosenLicense, otherLicense, opsHook } = await setup();
    await chooseLicenseChannels(owner, { licenseId: chosenLicense.id, choice: "chosen", channelIds: [opsHook.id] });

    expect(await findNoticeRecipients(database.db, acme.org.id, chosenLicense.id)).toEqual([
      acme.user.email.toLowerCase(),
    ]);
    expect(await findNoticeRecipients(database.db, acme.org.id, otherLicense.id)).toEqual(
      expect.arrayContaining(["ops@acme.test", acme.user.email.toLowerCase()]),
    );
  });

  it("follows the organization again when the owner says so, and records each choice", async () => {
    const { owner, chosenLicense, opsHook } = await setup();
    await chooseLicenseChannels(owner, { licenseId: chosenLicense.id, choice: "chosen", channelIds: [opsHook.id] });
    expect((await getLicenseChannels(owner, chosenLicense.id)).followsOrganization).toBe(false);

    await chooseLicenseChannels(owner, {
      licenseId: chosenLicense.id,
      choice: "organization",
      channelIds: [opsHook.id],
    });

    const view = await getLicenseChannels(owner, chosenLicense.id);
    expect(view.followsOrganization).toBe(true);
    expect(view.channels.every((channel) => channel.isChosen)).toBe(true);
    const events = await database.db
      .select({ action: t.auditEvents.action })
      .from(t.auditEvents)
      .where(eq(t.auditEvents.subjectId, chosenLicense.id));
    expect(events.filter((event) => event.action === "channel.license_choice_changed")).toHaveLength(2);
  });

  it("lets only owners choose, and never another organization's license or channel", async () => {
    const { acme, chosenLicense, opsHook } = await setup();
    const member = orgCtx(database.db, { orgId: acme.org.id, user: acme.user, role: "member" });
    await expect(
      chooseLicenseChannels(member, { licenseId: chosenLicense.id, choice: "chosen", channelIds: [opsHook.id] }),
    ).rejects.toBeInstanceOf(Forbidden);

    const globex = await makeOrg(database.db);
    const globexOwner = orgCtx(database.db, { orgId: globex.org.id, user: globex.user });
    const [globexHook] = await verifiedChannels(globex.org.id, [
      { kind: "webhook", target: "https://globex.example.com/h" },
    ]);
    await expect(
      chooseLicenseChannels(globexOwner, { licenseId: chosenLicense.id, choice: "organization", channelIds: [] }),
    ).rejects.toBeInstanceOf(NotFound);
    const owner = orgCtx(database.db, { orgId: acme.org.id, user: acme.user });
    await expect(
      chooseLicenseChannels(owner, { licenseId: chosenLicense.id, choice: "chosen", channelIds: [globexHook!.id] }),
    ).rejects.toBeInstanceOf(NotFound);
    expect((await getLicenseChannels(owner, chosenLicense.id)).followsOrganization).toBe(true);
  });
});
