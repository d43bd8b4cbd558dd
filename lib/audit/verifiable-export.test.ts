import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { auditEvents } from "@/lib/db/schema";
import { DomainError } from "@/lib/errors";
import { domainErrorResponse } from "@/lib/http/problem";
import { useTestDatabase } from "@/testing/test-database";
import { makeOrg, makeSigner, orgCtx, testSecrets } from "@/testing/factories";
import { appendAuditEvent, exportOrgAuditTrail, verifyAuditChain, type OrgAuditExport } from "./index";
import { scratchDir } from "@/testing/scratch-dir";

const SNIPPET = path.join(process.cwd(), "docs/snippets/verify-audit-export.mjs");

/** Runs the published snippet as a customer would: `node verify-audit-export.mjs export.json jwks.json`. */
function runSnippet(exportText: string, jwks: unknown, previous?: OrgAuditExport) {
  const dir = scratchDir("audit-export-");
  writeFileSync(path.join(dir, "export.json"), exportText);
  writeFileSync(path.join(dir, "jwks.json"), JSON.stringify(jwks));
  const args = [SNIPPET, path.join(dir, "export.json"), path.join(dir, "jwks.json")];
  if (previous) {
    writeFileSync(path.join(dir, "previous.json"), JSON.stringify(previous));
    args.push("--previous", path.join(dir, "previous.json"));
  }
  const run = spawnSync(process.execPath, args, { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("an organization's verifiable audit export", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();

  async function setUp() {
    const { db } = database;
    const { signer, jwks } = await makeSigner(db, secrets);
    const acme = await makeOrg(db);
    const other = await makeOrg(db);
    for (const [i, orgId] of [acme.org.id, other.org.id, acme.org.id, other.org.id].entries()) {
      await db.transaction((tx) =>
        appendAuditEvent(tx, {
          actor: { type: "system", label: "test" },
          at: new Date(),
          orgId,
          action: "license.created",
          subjectType: "test",
          subjectId: `e${i}`,
          reason: "planned",
          data: { i },
        }),
      );
    }
    const ctx = orgCtx(db, { orgId: acme.org.id, user: acme.user });
    const exportTrail = () =>
      exportOrgAuditTrail(ctx, {
        signer,
        issuer: "https://rekey.test/",
        jwksUrl: "https://rekey.test/.well-known/jwks.json",
      });
    return { db, jwks, acme, other, exportTrail };
  }

  it("verifies with the published snippet, holds only the organization's events, and records the download", async () => {
    const { db, jwks, acme, exportTrail } = await setUp();
    const auditExport = await exportTrail();
    expect(auditExport.events.map((event) => event.event.orgId)).toEqual([acme.org.id, acme.org.id, acme.org.id]);
    expect(auditExport.events.at(-1)!.event).toMatchObject({ action: "audit.exported", actorLabel: acme.user.email });
    expect(runSnippet(JSON.stringify(auditExport, null, 2), jwks)).toEqual({
      status: 0,
      output: `OK: 3 events verified, covered by signed checkpoints up to event ${auditExport.events.at(-1)!.id}.\n`,
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("fails, naming the event, after one byte of it is changed", async () => {
    const { jwks, exportTrail } = await setUp();
    const auditExport = await exportTrail();
    const text = JSON.stringify(auditExport, null, 2);
    const at = text.indexOf('"reason": "planned"') + '"reason": "p'.length;
    const tampered = `${text.slice(0, at)}${text[at] === "l" ? "k" : "l"}${text.slice(at + 1)}`;
    const run = runSnippet(tampered, jwks);
    expect(run.status).toBe(1);
    expect(run.output).toContain(
      `event ${auditExport.events[0]!.id}: content does not match its hash (changed after it was recorded)`,
    );
  });

  it("fails when the last events are removed, or a later export no longer has what an earlier one signed", async () => {
    const { jwks, exportTrail } = await setUp();
    const earlier = await exportTrail();
    const truncated = { ...earlier, events: earlier.events.slice(0, -1) };
    const run = runSnippet(JSON.stringify(truncated), jwks);
    expect(run.status).toBe(1);
    expect(run.output).toContain(
      `covers up to event ${earlier.events.at(-1)!.id} but the export ends at event ${earlier.events.at(-2)!.id}: events were removed`,
    );

    const later = await exportTrail();
    expect(runSnippet(JSON.stringify(later), jwks, earlier).status).toBe(0);
    const rewritten = { ...later, events: later.events.slice(1), checkpoints: later.checkpoints.slice(-1) };
    expect(runSnippet(JSON.stringify(rewritten), jwks, earlier).output).toContain("of the previous export");
  });

  it("fails when no checkpoint covering the events is signed with a published key", async () => {
    const { jwks, exportTrail } = await setUp();
    const auditExport = await exportTrail();
    const run = runSnippet(JSON.stringify(auditExport), {
      keys: jwks.keys.map((key) => ({ ...key, kid: `${key.kid}-other` })),
    });
    expect(run.status).toBe(1);
    expect(run.output).toMatch(
      /events after 0 are not covered by a checkpoint signed with a key of the JWKS \(checkpoints signed by \S+, which the JWKS does not list, were not checked\)/,
    );
  });
});

describe("an export asked for while the trail fails its check", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();

  it("is refused with a stable code and a sentence for the customer, never the internal detail", async () => {
    const { db } = database;
    const { signer } = await makeSigner(db, secrets);
    const acme = await makeOrg(db);
    await db.transaction((tx) =>
      appendAuditEvent(tx, {
        actor: { type: "system", label: "test" },
        at: new Date(),
        orgId: acme.org.id,
        action: "license.created",
        subjectType: "test",
        subjectId: "e0",
        reason: "planned",
        data: {},
      }),
    );
    // Simulates someone with DDL rights editing an event behind the append-only trigger.
    await db.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    await db.update(auditEvents).set({ reason: "rewritten" }).where(eq(auditEvents.orgId, acme.org.id));
    await db.execute(sql`alter table audit_events enable trigger audit_events_append_only`);

    const ctx = orgCtx(db, { orgId: acme.org.id, user: acme.user });
    const refusal = await exportOrgAuditTrail(ctx, {
      signer,
      issuer: "https://rekey.test/",
      jwksUrl: "https://rekey.test/.well-known/jwks.json",
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    const response = domainErrorResponse(refusal as DomainError);
    expect(response.status).toBe(503);
    const problem = await response.json();
    expect(problem).toMatchObject({
      code: "AUDIT_CHAIN_BROKEN",
      detail: expect.stringContaining("failed its integrity check"),
    });
    expect(JSON.stringify(problem)).not.toMatch(/event \d+|mac/);
  });
});
