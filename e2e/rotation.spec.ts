import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { authFile, confirmRecentSignIn, revealKey } from "./fixtures";

test.describe("key rotation", () => {
  test.use({ storageState: authFile("alice") });

  test("a customer moves the rotation window to another time zone and sees the next rotation there and in UTC", async ({
    page,
  }) => {
    await page.goto("/");
    await page
      .getByRole("table", { name: "Your organization's licenses" })
      .getByRole("row", { name: /Rekey Studio Professional/ })
      .getByRole("link")
      .click();
    const rotation = page.getByRole("region", { name: "Rotation" });
    await rotation.getByLabel("Time zone", { exact: true }).fill("Asia/Tokyo");
    await rotation.getByRole("group", { name: "Window days" }).getByLabel("Tue").uncheck();
    await rotation.getByRole("group", { name: "Window days" }).getByLabel("Thu").uncheck();
    await rotation.getByRole("group", { name: "Window days" }).getByLabel("Mon").check();
    await rotation.getByLabel("Window opens at (in the time zone above)").fill("09:00");
    await rotation.getByRole("button", { name: "Save rotation settings" }).click();
    await expect(rotation.getByText("Saved. The next rotation is planned for")).toBeVisible();

    // One source for the next rotation (issue 16 item 3): the planned row, in the window's zone and the viewer's.
    const next = rotation.getByRole("region", { name: "Next rotation" });
    await expect(next).toContainText("09:00 GMT+9");
    await expect(next).toContainText("00:00 UTC");
    await expect(rotation.getByRole("list", { name: "Rotation timeline" })).toContainText("Planned");
  });

  test("shows a field error for a time zone that does not exist, and keeps the saved one", async ({ page }) => {
    await page.goto("/");
    await page
      .getByRole("table", { name: "Your organization's licenses" })
      .getByRole("row", { name: /Rekey Studio Professional/ })
      .getByRole("link")
      .click();
    const rotation = page.getByRole("region", { name: "Rotation" });
    await rotation.getByLabel("Time zone", { exact: true }).fill("Mars/Olympus_Mons");
    await rotation.getByRole("button", { name: "Save rotation settings" }).click();
    await expect(rotation.getByText("Choose a time zone from the list, like Europe/Berlin.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("region", { name: "Rotation" }).getByLabel("Time zone", { exact: true })).toHaveValue(
      "Asia/Tokyo",
    );
  });

  test("the upcoming-rotation email links to the license, where the new key is already waiting and valid", async ({
    page,
    request,
  }) => {
    await expect(async () => {
      await page.goto("/dev/mailbox?to=alice%40acme.example");
      await expect(page.getByRole("region", { name: /Key rotation for Atlas Server/ }).first()).toBeVisible({
        timeout: 1000,
      });
    }).toPass({ timeout: 30_000 });
    const notice = page.getByRole("region", { name: /Key rotation for Atlas Server/ }).first();
    await expect(notice.getByRole("list", { name: "Links in this email" })).toContainText("/licenses/");
    await notice.getByRole("list", { name: "Links in this email" }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: "Atlas Server · Enterprise" })).toBeVisible();

    await confirmRecentSignIn(page, "alice");
    const keys = page.getByRole("region", { name: "License key" });
    await expect(keys.getByText("pending")).toBeVisible();
    const pendingRow = keys.locator("div", { has: page.getByText("pending", { exact: true }) }).last();
    const newKey = await revealKey(pendingRow);
    const answer = await (await request.post("/api/v1/licenses/validate", { data: { key: newKey } })).json();
    expect(answer).toMatchObject({
      valid: true,
      code: "VALID",
      key: { state: "pending" },
      license: { product: "atlas" },
    });
  });

  test("a customer rotates now after reading what will happen, and the old key keeps working for the overlap", async ({
    page,
  }) => {
    await page.goto("/");
    await page
      .getByRole("table", { name: "Your organization's licenses" })
      .getByRole("row", { name: /Rekey Studio Professional/ })
      .getByRole("link")
      .click();
    const rotation = page.getByRole("region", { name: "Rotation" });
    await rotation.getByRole("button", { name: "Rotate now" }).click();
    const dialog = page.getByRole("dialog", { name: "Rotate this key now?" });
    await dialog.getByLabel("Keep the old key working for").selectOption({ label: "1 hour" });
    await expect(dialog.getByRole("region", { name: "What will happen" })).toContainText("keeps working for 1 hour");
    await expect(dialog.getByRole("region", { name: "What will happen" })).toContainText(
      "3 active devices use this license",
    );
    await dialog.getByRole("button", { name: "Rotate key" }).click();
    // The new key once, right after rotating (issue 16 item 8), with how long the old one still works.
    const newKey = page.getByRole("region", { name: "Your new key" });
    await expect(newKey).toContainText("Rotated. Your new key works now.");
    await expect(newKey).toContainText("The old key keeps working for another");
    await expect(page.getByRole("list", { name: "Rotation timeline" })).toContainText("Both keys valid");
    const keys = page.getByRole("region", { name: "License key" });
    await expect(keys.getByText("retiring")).toBeVisible();
    await expect(keys.getByText("active", { exact: true })).toBeVisible();
    await expect(
      page.getByRole("list").filter({ hasText: "rotated the key; the old key keeps working" }).first(),
    ).toBeVisible();
  });

  test("a customer rolls back during the overlap, then replaces a leaked key, which the signed revocation feed then lists", async ({
    page,
    request,
  }) => {
    await page.goto("/");
    await page
      .getByRole("table", { name: "Your organization's licenses" })
      .getByRole("row", { name: /Rekey Studio Professional/ })
      .getByRole("link")
      .click();
    const rotation = page.getByRole("region", { name: "Rotation" });

    await rotation.getByRole("button", { name: "Roll back" }).click();
    const rollback = page.getByRole("dialog", { name: "Roll back this rotation?" });
    await rollback.getByLabel("Reason").fill("installer not ready");
    await rollback.getByRole("button", { name: "Roll back" }).click();
    // The roll-back control goes away with the overlap; the timeline and the keys show the result.
    await expect(page.getByRole("list", { name: "Rotation timeline" })).toContainText("Rolled back");
    await expect(page.getByRole("region", { name: "License key" }).getByText("retiring")).toHaveCount(0);

    const before = await (await request.get("/api/v1/revocations")).json();
    await rotation.getByRole("button", { name: "Replace a leaked key" }).click();
    const leak = page.getByRole("dialog", { name: "Replace a leaked key now?" });
    await leak.getByRole("button", { name: "Revoke and replace" }).click();
    await expect(leak.getByText("Say why in a few words, for the audit trail.")).toBeVisible();
    await leak.getByLabel("Reason").fill("pasted into a public chat");
    await leak.getByRole("button", { name: "Revoke and replace" }).click();
    await expect(page.getByText("The leaked key is revoked.")).toBeVisible();

    const feed = await request.get(`/api/v1/revocations?since=${before.next}`);
    expect(feed.status()).toBe(200);
    const page2 = (await feed.json()) as { items: { licenseId: string }[]; next: number; token: string };
    // The feed is deployment-wide and other specs revoke devices meanwhile, so only this license's entries count.
    const licenseId = new URL(page.url()).pathname.split("/")[2];
    // The feed is public: the customer's words stay in their Activity, the feed says only why in a code.
    expect(page2.items.filter((item) => item.licenseId === licenseId)).toEqual([
      expect.objectContaining({
        kind: "license_key",
        reason: "key_compromise",
        subject: expect.stringMatching(/^RK-/),
      }),
    ]);
    expect(JSON.stringify(page2)).not.toContain("pasted into a public chat");
    const jwks = (await (await request.get("/.well-known/jwks.json")).json()) as JSONWebKeySet;
    const { payload } = await jwtVerify(page2.token, createLocalJWKSet(jwks), { audience: "rekey:revocations" });
    expect(payload).toMatchObject({ since: before.next, next: page2.next });
    // Asked again with the ETag it just gave, the feed answers 304; a revocation another spec makes
    // between the two requests changes the page, so the pair is tried again.
    await expect(async () => {
      const current = await request.get(`/api/v1/revocations?since=${page2.next}`);
      const unchanged = await request.get(`/api/v1/revocations?since=${page2.next}`, {
        headers: { "if-none-match": current.headers().etag! },
      });
      expect(unchanged.status()).toBe(304);
    }).toPass();
    expect((await request.get("/api/v1/revocations?since=-1")).status()).toBe(400);
  });

  test("the organisation's audit log lists every rotation event and exports them as CSV", async ({ page }) => {
    await page.goto("/audit");
    await page.getByRole("navigation", { name: "Filter by category" }).getByRole("link", { name: "Rotations" }).click();
    const events = page.getByRole("list", { name: "Audit events" });
    for (const sentence of [
      "sent the notice of the coming key rotation",
      "issued the new key",
      "rolled the key rotation back",
      "completed the key rotation",
    ]) {
      await expect(events.getByText(sentence).first()).toBeVisible();
    }
    await expect(events.getByText(/ invited /)).toHaveCount(0);
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const csv = readFileSync((await (await downloadPromise).path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe("id,occurred_at,actor,action,subject_type,subject_id,reason,data");
    expect(csv).toContain("rotation.rolled_back");
    expect(csv).not.toContain("member.invited");
  });
});
