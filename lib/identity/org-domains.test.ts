import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { addOrgDomainSchema } from "@/lib/validations/identity";
import { makeOrg, orgCtx } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { addOrgDomain, listOrgDomains, type TxtResolver, verifyOrgDomain } from "./index";

/** A DNS the test controls: name → TXT records (each a list of character-strings). */
function fakeDns(zone: Record<string, string[][]> = {}): TxtResolver & { zone: typeof zone } {
  const resolve = async (name: string) => {
    const records = zone[name];
    if (!records) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    return records;
  };
  return Object.assign(resolve, { zone });
}

describe("email domains verified by DNS TXT record", () => {
  const database = useTestDatabase();

  async function ownerOf() {
    const { org, user } = await makeOrg(database.db);
    return { org, owner: orgCtx(database.db, { orgId: org.id, user }) };
  }

  it("verifies a domain once its TXT record carries this organization's token, and audits both steps", async () => {
    const { org, owner } = await ownerOf();
    const dns = fakeDns();
    const challenge = await addOrgDomain(owner, { domain: "initech.example" });
    expect(challenge.recordName).toBe("_rekey-challenge.initech.example");
    await expect(verifyOrgDomain(owner, { domainId: challenge.id }, dns)).rejects.toThrow(
      "We did not find the TXT record at _rekey-challenge.initech.example yet",
    );
    // A record split into character-strings (RFC 1035 §3.3.14) and unrelated records beside it.
    const [head, tail] = [challenge.recordValue.slice(0, 20), challenge.recordValue.slice(20)];
    dns.zone[challenge.recordName] = [["v=spf1 -all"], [head, tail]];
    await verifyOrgDomain(owner, { domainId: challenge.id }, dns);
    expect(await listOrgDomains(owner)).toMatchObject([{ domain: "initech.example", verifiedAt: expect.any(Date) }]);
    const audit = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.orgId, org.id));
    expect(audit.map((event) => event.action)).toEqual(["org.domain_added", "org.domain_verified"]);
  });

  it("does not verify with another organization's token, and leaves a domain verified elsewhere with its owner", async () => {
    const first = await ownerOf();
    const second = await ownerOf();
    const dns = fakeDns();
    const mine = await addOrgDomain(first.owner, { domain: "hooli.example" });
    const theirs = await addOrgDomain(second.owner, { domain: "hooli.example" });
    dns.zone[mine.recordName] = [[theirs.recordValue]];
    await expect(verifyOrgDomain(first.owner, { domainId: mine.id }, dns)).rejects.toBeInstanceOf(Conflict);

    await verifyOrgDomain(second.owner, { domainId: theirs.id }, dns);
    dns.zone[mine.recordName] = [[mine.recordValue]];
    await expect(verifyOrgDomain(first.owner, { domainId: mine.id }, dns)).rejects.toThrow(
      "verified by another organization",
    );
    await expect(verifyOrgDomain(first.owner, { domainId: theirs.id }, dns)).rejects.toBeInstanceOf(NotFound);
  });

  it("lets only owners add or verify domains, and shows the record to owners only", async () => {
    const { org, owner } = await ownerOf();
    const { user: member } = await makeOrg(database.db);
    await database.db.insert(t.orgMembers).values({ orgId: org.id, userId: member.id, role: "member" });
    const asMember = orgCtx(database.db, { orgId: org.id, user: member, role: "member" });
    await expect(addOrgDomain(asMember, { domain: "initrode.example" })).rejects.toBeInstanceOf(Forbidden);
    const challenge = await addOrgDomain(owner, { domain: "initrode.example" });
    await expect(verifyOrgDomain(asMember, { domainId: challenge.id }, fakeDns())).rejects.toBeInstanceOf(Forbidden);
    expect(await listOrgDomains(asMember)).toMatchObject([{ domain: "initrode.example", challenge: null }]);
    await expect(addOrgDomain(owner, { domain: "initrode.example" })).rejects.toBeInstanceOf(Conflict);
  });

  it("accepts a domain in one spelling only and names the field for anything else", () => {
    expect(addOrgDomainSchema.parse({ domain: " Initech.Example. " })).toEqual({ domain: "initech.example" });
    for (const domain of ["https://initech.example", "bob@initech.example", "localhost", "-bad.example", "a..b", ""])
      expect(addOrgDomainSchema.safeParse({ domain }).error?.issues[0]?.path).toEqual(["domain"]);
  });
});
