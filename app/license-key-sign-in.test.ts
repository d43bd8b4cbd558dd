/**
 * Sign-in by license key (issue 20) through the app's own actions and pages: the two steps make a
 * session scoped to one license, which opens that license's holder view and is turned away from
 * every organization page and action. The rules themselves: lib/key-sign-in.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { licenseKeySignInCodes, sessions } from "@/lib/db/schema";
import { listMailbox } from "@/lib/notify";
import {
  callAction,
  callRoute,
  harness,
  importAppModule,
  signInAs,
  useProbeWorld,
  type Outcome,
} from "@/testing/app-harness";
import { makeLicense, makeLicenseWithKey } from "@/testing/factories";

const SIGN_IN_ACTIONS = "app/(auth)/signin/license-key/actions.ts";
const redirectOf = (outcome: Outcome) => (outcome.kind === "signal" ? outcome.digest.split(";")[2] : undefined);

// Each test's first action call may pay the process's one-time costs (the first sign-in action
// under load took past 30 s in CI beside the build and the browser suite; see tenant-isolation):
// load, not logic, so the same wider budget.
describe("sign-in by license key through the app (issue 20)", { timeout: 180_000 }, () => {
  const world = useProbeWorld();

  /** A single-seat license and its owner signed in with its key and the emailed code, as the pages do it. */
  async function signedInWithLicenseKey() {
    const made = await makeLicenseWithKey(world.db, harness.secrets!, { now: () => new Date(), seats: 1 });
    const actions = await importAppModule(SIGN_IN_ACTIONS);
    const asked = await callAction(actions.requestLicenseKeySignInAction, {
      key: made.key.plaintext,
      email: made.user.email,
    });
    expect(redirectOf(asked)).toBe(`/signin/license-key?step=code&email=${encodeURIComponent(made.user.email)}`);
    const [mail] = await listMailbox(world.db, { to: made.user.email });
    const { code } = mail!.message.props as { code: string };
    const done = await callAction(actions.completeLicenseKeySignInAction, { email: made.user.email, code });
    expect(redirectOf(done)).toBe(`/signin/mfa?callbackUrl=${encodeURIComponent(`/held/${made.license.id}`)}`);
    const [session] = await world.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, made.user.id), eq(sessions.licenseScopeId, made.license.id)));
    // The browser now carries that session: the harness plays its cookie.
    harness.userId = made.user.id;
    harness.cookies = new Map([["authjs.session-token", session!.sessionToken]]);
    return made;
  }

  it("answers a key nobody issued exactly as a real one, and keeps no code for it", async () => {
    const made = await makeLicenseWithKey(world.db, harness.secrets!, { now: () => new Date(), seats: 1 });
    const actions = await importAppModule(SIGN_IN_ACTIONS);
    const real = await callAction(actions.requestLicenseKeySignInAction, {
      key: made.key.plaintext,
      email: made.user.email,
    });
    const unknown = await callAction(actions.requestLicenseKeySignInAction, {
      key: `${made.key.plaintext.slice(0, -4)}ZZZZ`,
      email: made.user.email,
    });
    expect(unknown).toEqual(real);
    const codes = await world.db
      .select()
      .from(licenseKeySignInCodes)
      .where(eq(licenseKeySignInCodes.userId, made.user.id));
    expect(codes).toHaveLength(1);
  });

  it("opens that license's key to the scoped session, and no other license of the organization", async () => {
    const made = await signedInWithLicenseKey();
    const sibling = await makeLicense(world.db, made.org.id);
    const holder = await importAppModule("app/(holder)/held/[licenseId]/actions.ts");
    const reveal = (licenseId: string, keyId: string) =>
      callAction(holder.revealHeldKeyAction, { licenseId, keyId, purpose: "reveal" });
    expect(await reveal(made.license.id, made.key.keyId)).toMatchObject({ kind: "result", ok: true });
    expect(await reveal(sibling.id, made.key.keyId)).toMatchObject({ kind: "result", ok: false, code: "NOT_FOUND" });
  });

  it("turns the scoped session away from organization actions and routes, to its own license", async () => {
    const made = await signedInWithLicenseKey();
    const portal = await importAppModule("app/(portal)/licenses/[licenseId]/actions.ts");
    const refused = await callAction(portal.revealLicenseKeyAction, {
      licenseId: made.license.id,
      keyId: made.key.keyId,
      purpose: "reveal",
    });
    expect(redirectOf(refused)).toBe(`/held/${made.license.id}`);
    const exportRoute = await importAppModule("app/(portal)/audit/export/route.ts");
    const exported = await callRoute(exportRoute.GET, new Request("http://localhost:3000/audit/export?category=all"));
    expect(exported).not.toMatchObject({ kind: "response", status: 200 });
    await signInAs(made.user.id, { orgId: made.org.id });
    expect(
      await callAction(portal.revealLicenseKeyAction, {
        licenseId: made.license.id,
        keyId: made.key.keyId,
        purpose: "reveal",
      }),
    ).toMatchObject({ kind: "result", ok: true });
  });
});
