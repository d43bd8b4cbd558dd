import { beforeAll, describe, expect, it, vi } from "vitest";
import { count } from "drizzle-orm";
import { z } from "zod";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { devMailboxMailer } from "@/lib/notify";
import { inviteMember } from "@/lib/orgs";
import { makeOrg, orgCtx } from "@/testing/factories";
import { inviteMemberSchema } from "@/lib/validations/members";
import type { OrgCtx } from "@/lib/context";

const session = vi.hoisted(() => ({ ctx: undefined as OrgCtx | undefined }));
vi.mock("./session", () => ({
  requireOrgContext: async () => session.ctx!,
  requireStaffContext: async () => {
    throw new Error("not staff");
  },
}));

const { orgAction } = await import("./action");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  data.set("$ACTION_ID_abc", "");
  return data;
}

describe("the server action wrapper", () => {
  const database = useTestDatabase();
  const invite = orgAction(inviteMemberSchema, (ctx, input) => inviteMember(ctx, input, { mailer: devMailboxMailer }));
  const members = async () => (await database.db.select({ n: count() }).from(t.orgMembers))[0]!.n;

  beforeAll(async () => {
    const { org, user } = await makeOrg(database.db);
    session.ctx = orgCtx(database.db, { orgId: org.id, user });
  });

  it("returns field errors for invalid input and changes nothing", async () => {
    const before = await members();
    const result = await invite(null, form({ email: "nope", role: "emperor" }));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.stringContaining("valid email")], role: [expect.any(String)] },
    });
    expect(await members()).toBe(before);
  });

  it.each([
    ["missing fields", {}],
    ["a huge string", { email: `${"a".repeat(100_000)}@x.example`, role: "member" }],
    ["an injection attempt", { email: "'; drop table users; --", role: "member" }],
    ["markup", { email: "<script>alert(1)</script>@x.example", role: "owner" }],
  ])("answers %s with a field error, never a crash", async (_label, fields) => {
    const before = await members();
    const result = await invite(null, form(fields as Record<string, string>));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors?.email).toBeDefined();
    expect(await members()).toBe(before);
  });

  it("refuses a NUL character in any field before the handler runs, since PostgreSQL text cannot hold it", async () => {
    const handler = vi.fn(async () => "written");
    const rename = orgAction(z.object({ name: z.string() }), handler);
    const result = await rename(null, form({ name: "nul\u0000byte" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { name: [expect.stringContaining("NUL character")] } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("maps a domain error to its user message", async () => {
    await invite(null, form({ email: "twice@x.example", role: "member" }));
    const again = await invite(null, form({ email: "twice@x.example", role: "member" }));
    expect(again).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "twice@x.example is already a member of this organization.",
    });
  });

  it("hides unexpected failures behind a generic message", async () => {
    const failing = orgAction(inviteMemberSchema, async () => {
      throw new Error("connection to 10.0.0.5 refused; password=hunter2");
    });
    const result = await failing(null, form({ email: "ok@x.example", role: "member" }));
    expect(result).toEqual({
      ok: false,
      message: "Something went wrong on our side. Nothing was changed; please try again.",
    });
  });
});
