/**
 * Issue 24, finding 8, as the license page shows it: a member sees the owner-only rule instead of
 * "Roll back" and "Replace a leaked key", until an owner allows members in Settings → Security.
 */
import { describe, expect, it } from "vitest";
import { setKeyActionDelegation } from "@/lib/orgs";
import { OWNER_ONLY_KEY_ACTIONS_RULE } from "@/lib/rotation";
import { renderPage, signInAs, useProbeWorld } from "@/testing/app-harness";
import { fixedNow, orgCtx } from "@/testing/factories";
import { listPages } from "@/testing/route-tree";

/** The rotation card's controls in the rendered page (the card itself is drawn on the client). */
function rotationCardRefusal(tree: unknown): string | null | undefined {
  const seen = new Set<unknown>();
  const visit = (node: unknown): string | null | undefined => {
    if (!node || typeof node !== "object" || seen.has(node)) return undefined;
    seen.add(node);
    const props = (node as { props?: Record<string, unknown> }).props;
    const controls = props?.controls as Record<string, unknown> | undefined;
    if (controls && "stopKeyRefusal" in controls) return controls.stopKeyRefusal as string | null;
    for (const child of Array.isArray(node) ? node : Object.values(props ?? {})) {
      const found = visit(child);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(tree);
}

describe("the license page shows who may stop a working key", () => {
  const world = useProbeWorld();
  const licensePage = listPages().find((page) => page.pattern === "/licenses/[licenseId]")!;

  async function refusalShownTo(userId: string) {
    const { a } = world.tenants;
    await signInAs(userId, { orgId: a.orgId });
    const { outcome, tree } = await renderPage(licensePage, { licenseId: a.licenseId });
    expect(outcome).toMatchObject({ kind: "response", status: 200 });
    return rotationCardRefusal(tree);
  }

  it("shows members the owner-only rule, owners the actions, and members the actions once an owner allows it", async () => {
    const { a } = world.tenants;
    expect(await refusalShownTo(a.memberUserId)).toBe(OWNER_ONLY_KEY_ACTIONS_RULE);
    expect(await refusalShownTo(a.ownerId)).toBeNull();
    const owner = await world.db.query.users.findFirst({ where: (users, { eq }) => eq(users.id, a.ownerId) });
    await setKeyActionDelegation(orgCtx(world.db, { orgId: a.orgId, user: owner!, now: fixedNow() }), {
      membersMayManageKeys: true,
    });
    expect(await refusalShownTo(a.memberUserId)).toBeNull();
  });
});
