import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { authFile, globexLicenseFile } from "./fixtures";
import { untilRequestsQuiet } from "./requests-quiet";

test.describe("customer portal", () => {
  test.use({ storageState: authFile("alice") });

  test("shows the organisation's licenses and opens one", async ({ page }) => {
    await page.goto("/");
    const table = page.getByRole("table", { name: "Your organization's licenses" });
    await expect(table.getByRole("row")).toHaveCount(7);
    await expect(table.getByText("Suspended")).toBeVisible();
    // The Studio trial (5 days left); Atlas Enterprise has 40, past the 30 that count as soon.
    await expect(table.getByText("Expiring soon")).toHaveCount(1);
    await table
      .getByRole("row", { name: /Rekey Studio Professional/ })
      .getByRole("link", { name: "Rekey Studio" })
      .click();
    await expect(page.getByRole("heading", { name: "Rekey Studio · Professional" })).toBeVisible();
    await expect(page.getByText("Team library")).toBeVisible();
    await expect(
      page.getByRole("table", { name: "Devices bound to this license" }).getByText("Design-Mac-01"),
    ).toBeVisible();
    await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
  });

  test("prefetches a page when its link is pointed at, not every link on screen", async ({ page }) => {
    // Next marks a prefetch of a page's server components with this header.
    const prefetched: string[] = [];
    page.on("request", (request) => {
      if (request.headers()["next-router-prefetch"]) prefetched.push(new URL(request.url()).pathname);
    });
    const requestsQuiet = untilRequestsQuiet(page);
    await page.goto("/");
    const table = page.getByRole("table", { name: "Your organization's licenses" });
    await expect(table.getByRole("row")).toHaveCount(7);
    await requestsQuiet();
    // Seven licenses, the menu and the filters are on screen; none was fetched ahead (issue 23).
    expect(prefetched).toEqual([]);

    const studio = table
      .getByRole("row", { name: /Rekey Studio Professional/ })
      .getByRole("link", { name: "Rekey Studio" });
    const studioPath = await studio.getAttribute("href");
    await studio.hover();
    await expect.poll(() => prefetched).toContain(studioPath);
    await requestsQuiet();
    expect(new Set(prefetched)).toEqual(new Set([studioPath]));
  });

  test("refuses another organisation's license with a 404", async ({ page }) => {
    const { href } = JSON.parse(readFileSync(globexLicenseFile, "utf8")) as { href: string };
    const response = await page.goto(href);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "We can't find that page" })).toBeVisible();
    await expect(page.getByText("Rekey Studio · Enterprise")).toHaveCount(0);
  });

  test("answers a malformed license id with a 404, not an error", async ({ page }) => {
    const response = await page.goto("/licenses/not-a-license");
    expect(response?.status()).toBe(404);
  });

  test("shows a field error for an invalid invitation and keeps the member list unchanged", async ({ page }) => {
    await page.goto("/members");
    await expect(page.getByRole("heading", { name: "2 members" })).toBeVisible();
    await page.getByLabel("Email address").fill("not-an-email");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
    await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
    await page.reload();
    await expect(page.getByRole("heading", { name: "2 members" })).toBeVisible();
  });

  test("invites a colleague, who receives an email, and removes them after confirming", async ({ page }) => {
    await page.goto("/members");
    await page.getByLabel("Email address").fill("new.hire@acme.example");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText("Invitation sent to new.hire@acme.example.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "3 members" })).toBeVisible();

    await page.goto("/dev/mailbox?to=new.hire%40acme.example");
    await expect(page.getByRole("region", { name: /invited to Acme Robotics/ })).toBeVisible();

    await page.goto("/members");
    await page.getByRole("button", { name: "Remove new.hire@acme.example" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove new.hire@acme.example?" });
    await dialog.getByRole("button", { name: "Remove member" }).click();
    await expect(page.getByRole("heading", { name: "2 members" })).toBeVisible();
  });

  test("keeps the session in an HttpOnly, SameSite cookie", async ({ page }) => {
    await page.goto("/");
    const session = (await page.context().cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  });

  test("is refused the admin view", async ({ page }) => {
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  });
});

test.describe("signed out", () => {
  test("is sent to sign in, and back to the page afterwards", async ({ page }) => {
    await page.goto("/members");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fmembers$/);
    await expect(page.getByRole("heading", { name: "Sign in to your portal" })).toBeVisible();
  });

  test("the dev mailbox says nothing about unknown addresses on the sign-in page", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email address").fill("stranger@nowhere.example");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await page.goto("/dev/mailbox?to=stranger%40nowhere.example");
    await expect(page.getByRole("region", { name: /no Rekey account/ })).toBeVisible();
  });

  test("Auth.js's sign-in endpoint answers 429 with Retry-After once an address is flooded", async ({ request }) => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await request.post("/api/auth/signin/resend", {
        form: { email: "flood@acme.example" },
        maxRedirects: 0,
      });
      statuses.push(response.status());
      if (response.status() === 429) {
        expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
        expect(response.headers()["content-type"]).toContain("application/problem+json");
        expect(await response.json()).toMatchObject({ status: 429, code: "RATE_LIMITED" });
      }
    }
    expect(statuses.slice(0, 5)).not.toContain(429);
    expect(statuses[5]).toBe(429);
  });

  test("every response carries the security headers", async ({ request }) => {
    const response = await request.get("/signin");
    const headers = response.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(headers["strict-transport-security"]).toContain("max-age=");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-content-type-options"]).toBe("nosniff");
  });
});

test.describe("support staff", () => {
  test.use({ storageState: authFile("support") });

  test("finds a customer by member email and by license id", async ({ page }) => {
    await page.goto("/admin");
    await page.getByRole("searchbox", { name: "Search customers" }).fill("grace@globex.example");
    await page.getByRole("button", { name: "Search" }).click();
    const results = page.getByRole("table", { name: "Search results" });
    await expect(results.getByText("Globex Corporation").first()).toBeVisible();
    await expect(results.getByText("Acme Robotics")).toHaveCount(0);

    const { href } = JSON.parse(readFileSync(globexLicenseFile, "utf8")) as { href: string };
    const licenseId = href.split("/").pop()!;
    await page.getByRole("searchbox", { name: "Search customers" }).fill(licenseId);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(results.getByRole("row")).toHaveCount(2);
    await expect(results.getByText(licenseId)).toBeVisible();
  });
});
