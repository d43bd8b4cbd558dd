import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { verifyAuditChain } from "@/lib/audit";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { Forbidden, InvalidInput } from "@/lib/errors";
import { changeLicenseEdition, createLicense, openLicenseKey, validateLicenseKey } from "@/lib/licensing";
import { devMailboxMailer, listMailbox } from "@/lib/notify";
import { createCustomer, findInvitation, INVITATION_VALID_DAYS } from "@/lib/orgs";
import { editionScope } from "@/lib/signing";
import { fixedNow, makeUser, staffCtx, testSecrets } from "@/testing/factories";
import {
  addFeatureSchema,
  changeLicenseEditionSchema,
  createCustomerSchema,
  createEditionSchema,
  createLicenseSchema,
  createProductSchema,
} from "@/lib/validations/catalog";
import { addFeature, createEdition, createProduct, getProduct, listProducts } from "./index";

const reason = { reason: "order 4711 signed", reasonCategory: "customer_request" };
const PORTAL = "https://portal.example";

describe("provisioning: catalogue, customers and licenses from the admin view", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = fixedNow();
  const deps = { mailer: devMailboxMailer, portalUrl: PORTAL, secrets };

  async function staff(role: "support" | "admin") {
    return staffCtx(database.db, await makeUser(database.db, { staffRole: role }), role, now);
  }

  /** A product with two features and an edition granting both, made the way an admin makes them. */
  async function catalogue(code = `studio-${Math.random().toString(36).slice(2, 8)}`) {
    const admin = await staff("admin");
    const product = await createProduct(
      admin,
      createProductSchema.parse({ ...reason, code, name: "Studio", description: "Design suite" }),
    );
    const exportPdf = await addFeature(
      admin,
      addFeatureSchema.parse({ ...reason, productId: product.id, code: "export-pdf", name: "PDF export" }),
    );
    const sync = await addFeature(
      admin,
      addFeatureSchema.parse({ ...reason, productId: product.id, code: "cloud-sync", name: "Cloud sync" }),
    );
    const pro = await createEdition(
      admin,
      createEditionSchema.parse({
        ...reason,
        productId: product.id,
        code: "pro",
        name: "Professional",
        featureIds: [exportPdf.id, sync.id],
        defaultSeats: "5",
        defaultTermDays: "365",
        defaultOfflineGraceDays: "10",
        hasOwnSigningKey: "on",
      }),
      { ring: secrets.ring },
    );
    const basic = await createEdition(
      admin,
      createEditionSchema.parse({
        ...reason,
        productId: product.id,
        code: "basic",
        name: "Basic",
        featureIds: exportPdf.id,
        defaultSeats: "1",
        defaultTermDays: "",
        defaultOfflineGraceDays: "7",
      }),
      { ring: secrets.ring },
    );
    return { admin, product, pro, basic, features: { exportPdf, sync } };
  }

  it("lets an admin build a product with features and editions, each audited, and lists it by search", async () => {
    const { admin, product, pro, basic } = await catalogue();
    const detail = await getProduct(admin, product.id);
    expect(
      detail.editions.map((edition) => [
        edition.code,
        edition.entitlements,
        edition.defaultSeats,
        edition.defaultTermDays,
      ]),
    ).toEqual([
      ["basic", ["export-pdf"], 1, null],
      ["pro", ["cloud-sync", "export-pdf"], 5, 365],
    ]);
    expect((await listProducts(admin, { q: product.code.slice(0, 9), page: 1 })).rows.map((row) => row.id)).toContain(
      product.id,
    );
    expect((await listProducts(admin, { q: "no product is called this", page: 1 })).total).toBe(0);
    const signingKeys = await database.db
      .select()
      .from(t.signingKeys)
      .where(eq(t.signingKeys.scope, editionScope(product.id, pro.id)));
    expect(signingKeys.map((key) => key.state).sort()).toEqual(["active", "pending"]);
    expect(await database.db.select().from(t.signingKeys).where(eq(t.signingKeys.editionId, basic.id))).toEqual([]);
    const actions = (await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, product.id))).map(
      (event) => event.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "product.created",
        "feature.created",
        "feature.created",
        "edition.created",
        "edition.created",
      ]),
    );
  });

  it("keeps the catalogue to admins: support cannot add products", async () => {
    const support = await staff("support");
    await expect(
      createProduct(support, createProductSchema.parse({ ...reason, code: "nope", name: "Nope" })),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it("answers a taken code and a foreign feature as field errors, changing nothing", async () => {
    const { admin, product } = await catalogue();
    const other = await catalogue();
    await expect(
      createProduct(admin, createProductSchema.parse({ ...reason, code: product.code, name: "Again" })),
    ).rejects.toMatchObject({ fieldErrors: { code: [expect.stringContaining("exists already")] } });
    const foreign = createEditionSchema.parse({
      ...reason,
      productId: product.id,
      code: "mixed",
      name: "Mixed",
      featureIds: [other.features.sync.id],
      defaultSeats: "1",
      defaultTermDays: "30",
      defaultOfflineGraceDays: "0",
    });
    await expect(createEdition(admin, foreign, { ring: secrets.ring })).rejects.toBeInstanceOf(InvalidInput);
    expect((await getProduct(admin, product.id)).editions.map((edition) => edition.code)).toEqual(["basic", "pro"]);
  });

  it("creates a customer whose owner is invited by a link naming the organisation and the inviter", async () => {
    const support = await staff("support");
    const customer = await createCustomer(
      support,
      createCustomerSchema.parse({ ...reason, name: "Initech", ownerEmail: "Peter@Initech.example" }),
      { mailer: devMailboxMailer },
    );
    const [invitation] = await listMailbox(database.db, { to: "peter@initech.example" });
    expect(invitation?.message).toMatchObject({
      template: "invitation",
      subject: "You're invited to Initech on Rekey",
      props: { orgName: "Initech", inviterEmail: support.actor.email, role: "owner" },
    });
    const link = (invitation!.message.props as { signInUrl: string }).signInUrl;
    expect(link).toMatch(/^\/invitations\/[A-Za-z0-9_-]{43}$/);
    const token = link.split("/").at(-1)!;
    expect(await findInvitation(database.db, token, now())).toMatchObject({
      email: "peter@initech.example",
      orgName: "Initech",
      inviterEmail: support.actor.email,
    });
    expect(
      await findInvitation(database.db, token, new Date(now().getTime() + (INVITATION_VALID_DAYS + 1) * 86_400_000)),
    ).toBeNull();
    expect(await findInvitation(database.db, "x".repeat(43), now())).toBeNull();
    const owners = await database.db
      .select()
      .from(t.orgMembers)
      .where(and(eq(t.orgMembers.orgId, customer.orgId), eq(t.orgMembers.role, "owner")));
    expect(owners).toHaveLength(1);
    // Two customers may share a name; the second gets its own slug.
    const twin = await createCustomer(
      support,
      createCustomerSchema.parse({ ...reason, name: "Initech", ownerEmail: "bill@initech.example" }),
      { mailer: devMailboxMailer },
    );
    expect(twin.orgId).not.toBe(customer.orgId);
  });

  it("issues a license with the edition's entitlements and an active key that validates, and tells the owner it is ready", async () => {
    const { pro } = await catalogue();
    const support = await staff("support");
    const customer = await createCustomer(
      support,
      createCustomerSchema.parse({ ...reason, name: "Umbrella", ownerEmail: "owner@umbrella.example" }),
      { mailer: devMailboxMailer },
    );
    const input = createLicenseSchema.parse({
      ...reason,
      orgId: customer.orgId,
      editionId: pro.id,
      seats: "5",
      termDays: "365",
      offlineGraceDays: "10",
      metadata: "order = 4711\ncrm=ACC-9",
      notes: "Discount agreed by sales",
    });
    const created = await createLicense(support, input, deps);
    const [license] = await database.db.select().from(t.licenses).where(eq(t.licenses.id, created.licenseId));
    expect(license).toMatchObject({
      seats: 5,
      offlineGraceDays: 10,
      status: "active",
      metadata: { order: "4711", crm: "ACC-9" },
      notes: "Discount agreed by sales",
      expiresAt: new Date(now().getTime() + 365 * 86_400_000),
    });
    const [key] = await database.db.select().from(t.licenseKeys).where(eq(t.licenseKeys.licenseId, created.licenseId));
    expect(key).toMatchObject({ state: "active", prefix: created.keyPrefix });
    const validation = await validateLicenseKey(
      database.db,
      { key: openLicenseKey(secrets.ring, key!) },
      { hasher: secrets.hasher, now: now(), portalUrl: PORTAL },
    );
    expect(validation).toMatchObject({ code: "VALID" });
    const [ready] = await listMailbox(database.db, { to: "owner@umbrella.example" });
    expect(ready?.message).toMatchObject({
      template: "license-ready",
      subject: "Your Studio license is ready",
      props: {
        productName: "Studio",
        entitlements: ["cloud-sync", "export-pdf"],
        licenseUrl: `${PORTAL}/licenses/${created.licenseId}`,
      },
    });
    expect(JSON.stringify(ready)).not.toContain(openLicenseKey(secrets.ring, key!));
    const [audit] = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.subjectId, created.licenseId), eq(t.auditEvents.action, "license.created")));
    expect(JSON.stringify(audit?.data)).not.toContain("Discount");
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it("refuses a bad metadata line and a perpetual term reads as no expiry", async () => {
    expect(
      createLicenseSchema.safeParse({
        ...reason,
        orgId: crypto.randomUUID(),
        editionId: crypto.randomUUID(),
        seats: "1",
        termDays: "",
        offlineGraceDays: "0",
        metadata: "not a pair",
      }).error?.issues[0],
    ).toMatchObject({ path: ["metadata"] });
    expect(
      createLicenseSchema.parse({
        ...reason,
        orgId: crypto.randomUUID(),
        editionId: crypto.randomUUID(),
        seats: "1",
        termDays: "",
        offlineGraceDays: "0",
      }).termDays,
    ).toBeNull();
  });

  it("moves a live license to another edition: entitlements follow, audited with what changed, and the owner is told", async () => {
    const { pro, basic } = await catalogue();
    const support = await staff("support");
    const customer = await createCustomer(
      support,
      createCustomerSchema.parse({ ...reason, name: "Hooli", ownerEmail: "gavin@hooli.example" }),
      { mailer: devMailboxMailer },
    );
    const { licenseId } = await createLicense(
      support,
      createLicenseSchema.parse({
        ...reason,
        orgId: customer.orgId,
        editionId: pro.id,
        seats: "5",
        termDays: "",
        offlineGraceDays: "7",
      }),
      deps,
    );
    await changeLicenseEdition(
      support,
      changeLicenseEditionSchema.parse({ ...reason, licenseId, editionId: basic.id }),
      deps,
    );
    const entitlements = await database.db
      .select({ code: t.features.code })
      .from(t.licenseEntitlements)
      .innerJoin(t.features, eq(t.features.id, t.licenseEntitlements.featureId))
      .where(eq(t.licenseEntitlements.licenseId, licenseId));
    expect(entitlements.map((row) => row.code)).toEqual(["export-pdf"]);
    const [audit] = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.subjectId, licenseId), eq(t.auditEvents.action, "license.edition_changed")));
    expect(audit).toMatchObject({
      reason: reason.reason,
      data: expect.objectContaining({ from: "pro", to: "basic", gained: [], lost: ["cloud-sync"] }),
    });
    const [notice] = await listMailbox(database.db, { to: "gavin@hooli.example" });
    expect(notice?.message).toMatchObject({
      template: "license-notice",
      props: { kind: "edition_changed", change: { from: "Professional", to: "Basic" } },
    });
    await expect(
      changeLicenseEdition(
        support,
        changeLicenseEditionSchema.parse({ ...reason, licenseId, editionId: basic.id }),
        deps,
      ),
    ).rejects.toMatchObject({ fieldErrors: { editionId: [expect.stringContaining("already")] } });
  });
});
