import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { buffer } from "node:stream/consumers";
import { Readable } from "node:stream";
import { createLocalJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit";
import * as t from "@/lib/db/schema";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { issueLicenseKey } from "@/lib/licensing/license-key-secrets";
import { createReleaseSchema } from "@/lib/validations/releases";
import {
  fixedNow,
  makeLicenseWithKey,
  makeOrg,
  makeSigner,
  makeUser,
  orgCtx,
  staffCtx,
  systemActor,
  testSecrets,
} from "@/testing/factories";
import {
  makePublishedRelease,
  RELEASE_ISSUER,
  RELEASE_PORTAL_URL,
  releaseAdmin,
  temporaryArtifactStore,
} from "@/testing/release-factories";
import { useTestDatabase } from "@/testing/test-database";
import {
  ARTIFACT_DIGEST_TYPE,
  createRelease,
  DownloadLinkExpired,
  findUpgrade,
  issueDownloadLink,
  listEntitledReleases,
  listLicenseDownloads,
  loadLicenseForReleases,
  openArtifactDownload,
  platformOfUserAgent,
  publishRelease,
  uploadArtifact,
  UpgradeRefused,
  yankRelease,
} from "./index";
import { DOWNLOAD_LINK_TTL_SECONDS } from "./release-policy";

const reason = { reason: "release for the test", reasonCategory: "other" as const };

describe("releases: publish, entitle, download, update check", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = fixedNow("2026-12-01T10:00:00Z");
  const store = temporaryArtifactStore();

  /** A product with a `standard` license (key and all) and an `enterprise` license of another org. */
  async function world() {
    const db = database.db;
    const { signer, jwks } = await makeSigner(db, secrets, now);
    const standard = await makeLicenseWithKey(db, secrets, { now });
    const [enterprise] = await db
      .insert(t.editions)
      .values({ productId: standard.license.productId, code: "enterprise", name: "Enterprise" })
      .returning();
    const other = await makeOrg(db);
    const [enterpriseLicense] = await db
      .insert(t.licenses)
      .values({
        orgId: other.org.id,
        productId: standard.license.productId,
        editionId: enterprise!.id,
        seats: 1,
        startsAt: new Date("2026-01-01T00:00:00Z"),
        expiresAt: new Date("2027-06-01T00:00:00Z"),
      })
      .returning();
    const enterpriseKey = await db.transaction((tx) =>
      issueLicenseKey(
        tx,
        { db, now, actor: systemActor },
        { licenseId: enterpriseLicense!.id, orgId: other.org.id, state: "active", secrets },
      ),
    );
    const deps = { store, signer };
    return {
      db,
      signer,
      jwks,
      deps,
      productId: standard.license.productId,
      standard,
      enterprise: {
        license: enterpriseLicense!,
        key: enterpriseKey,
        ctx: orgCtx(db, { orgId: other.org.id, user: other.user, now }),
        editionId: enterprise!.id,
      },
    };
  }

  it("signs each file's SHA-256 into a JWS that verifies with the JWKS alone", async () => {
    const { db, productId, deps, jwks } = await world();
    const bytes = Buffer.from("the 2.0.0 build, bytes and all");
    const { release } = await makePublishedRelease(
      db,
      { productId, version: "2.0.0", files: { "linux/x64": bytes }, now },
      deps,
    );
    const [artifact] = release.artifacts;
    expect(artifact).toMatchObject({
      sizeBytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    const { payload, protectedHeader } = await jwtVerify(artifact!.signature, createLocalJWKSet(jwks), {
      issuer: RELEASE_ISSUER,
    });
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload).toMatchObject({
      typ: ARTIFACT_DIGEST_TYPE,
      sub: artifact!.id,
      sha256: artifact!.sha256,
      size: bytes.length,
      version: "2.0.0",
    });
  });

  it("lists a release only to licenses of the edition it requires, and refuses the other edition's links", async () => {
    const { db, productId, deps, standard, enterprise } = await world();
    const { release } = await makePublishedRelease(
      db,
      { productId, version: "3.0.0", requiredEditionId: enterprise.editionId, now },
      deps,
    );
    const listFor = async (licenseId: string) =>
      listEntitledReleases(db, await loadLicenseForReleases(db, licenseId, undefined, now()), { now: now() });
    expect((await listFor(enterprise.license.id)).map((entry) => entry.version)).toEqual(["3.0.0"]);
    expect(await listFor(standard.license.id)).toEqual([]);
    await expect(
      issueDownloadLink(
        standard.ctx,
        { licenseId: standard.license.id, artifactId: release.artifacts[0]!.id },
        secrets,
      ),
    ).rejects.toThrow(NotFound);
    // Another organisation's license id is as unknown as a missing one.
    await expect(
      issueDownloadLink(
        standard.ctx,
        { licenseId: enterprise.license.id, artifactId: release.artifacts[0]!.id },
        secrets,
      ),
    ).rejects.toThrow(NotFound);
  });

  it("resumes a cut download with a range, counts it once and audits it for the customer", async () => {
    const { db, productId, deps, standard } = await world();
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));
    const { release } = await makePublishedRelease(
      db,
      { productId, version: "2.1.0", files: { "linux/x64": bytes }, now },
      deps,
    );
    const artifactId = release.artifacts[0]!.id;
    const { token } = await issueDownloadLink(standard.ctx, { licenseId: standard.license.id, artifactId }, secrets);
    const open = (range: string | null, ifRange: string | null = null) =>
      openArtifactDownload(db, { token, range, ifRange }, { hasher: secrets.hasher, store, now: now() });

    const first = await open("bytes=0-399");
    if (first.kind !== "bytes") throw new Error("expected bytes");
    const head = await buffer(first.body);
    const rest = await open("bytes=400-", first.etag);
    if (rest.kind !== "bytes") throw new Error("expected bytes");
    expect(rest).toMatchObject({ isPartial: true, start: 400, end: 999, sizeBytes: 1000 });
    expect(Buffer.concat([head, await buffer(rest.body)])).toEqual(bytes);
    expect(await open("bytes=1000-")).toEqual({ kind: "unsatisfiable", sizeBytes: 1000 });
    // A changed file (another ETag) is sent whole rather than spliced.
    expect(await open("bytes=400-", '"another"')).toMatchObject({ isPartial: false, start: 0 });

    const [counted] = await db.select().from(t.releaseArtifacts).where(eq(t.releaseArtifacts.id, artifactId));
    expect(counted!.downloadCount).toBe(2);
    const audited = await db.query.auditEvents.findMany({
      where: (events, { and, eq }) =>
        and(eq(events.action, "release_artifact.downloaded"), eq(events.orgId, standard.org.id)),
    });
    expect(audited).toHaveLength(2);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("refuses an expired link and a link for a license suspended since", async () => {
    const { db, productId, deps, standard } = await world();
    const { release } = await makePublishedRelease(db, { productId, version: "2.2.0", now }, deps);
    const { token } = await issueDownloadLink(
      standard.ctx,
      { licenseId: standard.license.id, artifactId: release.artifacts[0]!.id },
      secrets,
    );
    const at = (seconds: number) => new Date(now().getTime() + seconds * 1000);
    await expect(
      openArtifactDownload(
        db,
        { token, range: null, ifRange: null },
        { hasher: secrets.hasher, store, now: at(DOWNLOAD_LINK_TTL_SECONDS) },
      ),
    ).rejects.toThrow(DownloadLinkExpired);
    await db.update(t.licenses).set({ status: "suspended" }).where(eq(t.licenses.id, standard.license.id));
    await expect(
      openArtifactDownload(db, { token, range: null, ifRange: null }, { hasher: secrets.hasher, store, now: now() }),
    ).rejects.toThrow(NotFound);
  });

  it("answers the update check with the newest entitled release for the platform, and nothing when current", async () => {
    const { db, productId, deps, standard } = await world();
    await makePublishedRelease(db, { productId, version: "1.4.0", now }, deps);
    await makePublishedRelease(
      db,
      { productId, version: "1.5.0", files: { "windows/x64": Buffer.from("win") }, now },
      deps,
    );
    await makePublishedRelease(db, { productId, version: "1.6.0-beta.1", channel: "beta", now }, deps);
    const product = await db.query.products.findFirst({ where: (products, { eq }) => eq(products.id, productId) });
    const upgrade = (version: string, platform: "linux" | "windows", channel = "stable") =>
      findUpgrade(
        db,
        { key: standard.key.plaintext, query: { product: product!.code, version, platform, channel } },
        { hasher: secrets.hasher, now: now() },
      );
    expect((await upgrade("1.0.0", "linux"))?.release.version).toBe("1.4.0");
    expect((await upgrade("1.0.0", "windows"))?.release.version).toBe("1.5.0");
    expect(await upgrade("1.4.0", "linux")).toBeNull();
    expect((await upgrade("1.4.0", "linux", "beta"))?.release.version).toBe("1.6.0-beta.1");
    await expect(
      findUpgrade(
        db,
        {
          key: "RK-NOT-A-KEY",
          query: { product: product!.code, version: "1.0.0", platform: "linux", channel: "stable" },
        },
        { hasher: secrets.hasher, now: now() },
      ),
    ).rejects.toMatchObject({ status: 401 });
    await db.update(t.licenses).set({ status: "suspended" }).where(eq(t.licenses.id, standard.license.id));
    await expect(upgrade("1.0.0", "linux")).rejects.toBeInstanceOf(UpgradeRefused);
  });

  it("takes a yanked release out of latest and the update check", async () => {
    const { db, productId, deps, standard } = await world();
    await makePublishedRelease(db, { productId, version: "4.0.0", now }, deps);
    const { admin, release } = await makePublishedRelease(db, { productId, version: "4.1.0", now }, deps);
    await yankRelease(admin, { ...reason, releaseId: release.id });
    const license = await loadLicenseForReleases(db, standard.license.id, undefined, now());
    expect((await listEntitledReleases(db, license, { now: now() })).map((entry) => entry.version)).toEqual(["4.0.0"]);
    const product = await db.query.products.findFirst({ where: (products, { eq }) => eq(products.id, productId) });
    const upgrade = await findUpgrade(
      db,
      {
        key: standard.key.plaintext,
        query: { product: product!.code, version: "3.0.0", platform: "linux", channel: "stable" },
      },
      { hasher: secrets.hasher, now: now() },
    );
    expect(upgrade?.release.version).toBe("4.0.0");
    await expect(
      issueDownloadLink(
        standard.ctx,
        { licenseId: standard.license.id, artifactId: release.artifacts[0]!.id },
        secrets,
      ),
    ).rejects.toThrow(NotFound);
  });

  it("keeps a yanked release downloadable by its link, and never latest, when the vendor keeps its downloads", async () => {
    const { db, productId, deps, standard } = await world();
    await makePublishedRelease(db, { productId, version: "4.0.0", now }, deps);
    const { admin, release } = await makePublishedRelease(
      db,
      { productId, version: "4.1.0", keepsYankedDownloads: true, now },
      deps,
    );
    await yankRelease(admin, { ...reason, releaseId: release.id });
    const license = await loadLicenseForReleases(db, standard.license.id, undefined, now());
    expect((await listEntitledReleases(db, license, { now: now() })).map((entry) => entry.version)).toEqual(["4.0.0"]);
    const pinned = { licenseId: standard.license.id, artifactId: release.artifacts[0]!.id };
    const { token } = await issueDownloadLink(standard.ctx, pinned, secrets);
    const download = await openArtifactDownload(
      db,
      { token, range: null, ifRange: null },
      { hasher: secrets.hasher, store, now: now() },
    );
    if (download.kind !== "bytes") throw new Error(`expected the file, got ${download.kind}`);
    expect((await buffer(download.body)).toString()).toBe("build 4.1.0");
  });

  it("picks out the newest stable release with a file for the customer's platform as latest", async () => {
    const { db, productId, deps, standard } = await world();
    const file = (version: string) => Buffer.from(`build ${version}`);
    await makePublishedRelease(db, { productId, version: "4.9.0", files: { "macos/arm64": file("4.9.0") }, now }, deps);
    await makePublishedRelease(db, { productId, version: "5.0.0", now }, deps);
    await makePublishedRelease(
      db,
      { productId, version: "5.1.0-beta.1", channel: "beta", files: { "macos/arm64": file("5.1.0") }, now },
      deps,
    );
    const downloadsOn = (platform: string | null) =>
      listLicenseDownloads(standard.ctx, standard.license.id, { platform });
    const onMac = await downloadsOn("macos");
    expect(onMac.releases.map((release) => release.version)).toEqual(["5.1.0-beta.1", "5.0.0", "4.9.0"]);
    expect(onMac.latestForPlatform?.release.version).toBe("4.9.0");
    expect(onMac.latestForPlatform?.artifact.platform).toBe("macos");
    expect((await downloadsOn("linux")).latestForPlatform?.release.version).toBe("5.0.0");
    expect((await downloadsOn("windows")).latestForPlatform).toBeNull();
    expect(platformOfUserAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15")).toBe("macos");
    expect(platformOfUserAgent("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0")).toBe("linux");
    expect(platformOfUserAgent(null)).toBeNull();
  });

  it("moves releases only as the machine allows, and only for admins", async () => {
    const { db, productId, deps } = await world();
    const admin = await releaseAdmin(db, now);
    const support = staffCtx(db, await makeUser(db, { staffRole: "support" }), "support", now);
    const input = createReleaseSchema.parse({ ...reason, productId, version: "5.0.0" });
    await expect(createRelease(support, input)).rejects.toThrow(Forbidden);
    const draft = await createRelease(admin, input);
    await expect(
      publishRelease(admin, { ...reason, releaseId: draft.id }, { portalUrl: RELEASE_PORTAL_URL }),
    ).rejects.toThrow(Conflict);
    await expect(yankRelease(admin, { ...reason, releaseId: draft.id })).rejects.toThrow(Conflict);
    await expect(createRelease(admin, input)).rejects.toMatchObject({ fieldErrors: { version: expect.any(Array) } });
    const { release } = await makePublishedRelease(db, { productId, version: "5.1.0", now }, deps);
    await expect(
      uploadArtifact(
        admin,
        { releaseId: release.id, platform: "macos", arch: "arm64", fileName: "late.dmg" },
        Readable.from([Buffer.from("x")]),
        { ...deps, issuer: RELEASE_ISSUER },
      ),
    ).rejects.toThrow(Conflict);
  });
});
