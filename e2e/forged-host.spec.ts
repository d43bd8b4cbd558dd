import { request as httpRequest } from "node:http";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { e2eBaseUrl } from "./base-url";
import { USERS } from "./fixtures";
import { contextFor, pagesToSweep, urlFor } from "./page-sweep";

/**
 * Issue 24, finding 1: the sign-in action built the magic link from Host / X-Forwarded-Host, so a
 * forged header put an attacker's address into a genuine sign-in email. Here every request the
 * browser makes is replayed with both headers (and Origin and Referer, which an attacker sending
 * the request directly controls too) forged, through the sign-in flow and every page of the app
 * tree (so a new page is covered without a change here); every redirect, page body and email
 * link must stay on REKEY_PUBLIC_URL (the e2e server's own address).
 */
const FORGED_HOST = "evil.example";

/** Framing of the replayed answer, not part of it: fulfil sets its own. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

interface Seen {
  locations: string[];
}

/** Sends the browser's requests from node:http, which lets Host be anything, and hands back the answers unchanged. */
async function forgeHostHeaders(context: BrowserContext, seen: Seen): Promise<void> {
  await context.route(`${e2eBaseUrl}/**`, async (route) => {
    const sent = route.request();
    const url = new URL(sent.url());
    // identity: the body is checked, and handed back, as the bytes the page was rendered to.
    const headers: Record<string, string> = {
      ...(await sent.allHeaders()),
      host: FORGED_HOST,
      "x-forwarded-host": FORGED_HOST,
      "accept-encoding": "identity",
    };
    if (headers.origin) headers.origin = `http://${FORGED_HOST}`;
    if (headers.referer) headers.referer = `http://${FORGED_HOST}${new URL(headers.referer).pathname}`;
    const answer = await new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>(
      (resolve, reject) => {
        const outgoing = httpRequest(
          { host: "localhost", port: url.port, path: `${url.pathname}${url.search}`, method: sent.method(), headers },
          (incoming) => {
            const chunks: Buffer[] = [];
            incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
            incoming.on("end", () => {
              const flat: Record<string, string> = {};
              for (const [name, value] of Object.entries(incoming.headers)) {
                if (value === undefined || HOP_BY_HOP.has(name)) continue;
                flat[name] = Array.isArray(value) ? value.join("\n") : value;
              }
              resolve({ status: incoming.statusCode ?? 500, headers: flat, body: Buffer.concat(chunks) });
            });
          },
        );
        outgoing.on("error", reject);
        outgoing.end(sent.postDataBuffer() ?? undefined);
      },
    );
    if (answer.headers.location) seen.locations.push(answer.headers.location);
    expect(
      answer.body.toString("latin1"),
      `${sent.method()} ${url.pathname} answered with the forged host`,
    ).not.toContain(FORGED_HOST);
    await route.fulfill(answer);
  });
}

/** A redirect may be relative (the browser keeps the portal's origin) or absolute on REKEY_PUBLIC_URL. */
function expectOnPortal(locations: string[]) {
  for (const location of locations) {
    if (!/^[a-z][a-z0-9+.-]*:|^\/\//i.test(location)) continue;
    expect(`${new URL(location).origin}/`, location).toBe(`${e2eBaseUrl}/`);
  }
}

async function mailboxLinks(page: Page): Promise<string[]> {
  await page.goto("/dev/mailbox");
  return page
    .getByRole("list", { name: "Links in this email" })
    .getByRole("link")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
}

test.describe("forged Host and X-Forwarded-Host", () => {
  test("a sign-in requested with forged headers emails a link on REKEY_PUBLIC_URL, and following it stays there", async ({
    browser,
  }) => {
    const seen: Seen = { locations: [] };
    const context = await browser.newContext();
    await forgeHostHeaders(context, seen);
    const page = await context.newPage();
    await page.goto("/signin");
    await page.getByLabel("Email address").fill(USERS.bob);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

    await page.goto(`/dev/mailbox?to=${encodeURIComponent(USERS.bob)}`);
    const link = await page
      .getByRole("region", { name: /Your Rekey sign-in link/ })
      .first()
      .getByRole("list", { name: "Links in this email" })
      .getByRole("link")
      .first()
      .getAttribute("href");
    expect(link).toMatch(new RegExp(`^${e2eBaseUrl}/api/auth/callback/resend\\?`));

    await page.goto(link!);
    await expect(page.getByRole("heading", { name: "Licenses" })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(e2eBaseUrl);
    expect(seen.locations.length).toBeGreaterThan(0);
    expectOnPortal(seen.locations);
    await context.close();
  });

  test("no page of the app redirects to, or renders, the forged host, signed in or out", async ({ browser }) => {
    test.setTimeout(300_000); // one visit per page in the app, each a full render
    const seen: Seen = { locations: [] };
    for (const { route, who } of pagesToSweep()) {
      const context = await contextFor(browser, who);
      const page = await context.newPage();
      const url = await urlFor(page, route);
      await forgeHostHeaders(context, seen);
      const response = await page.goto(url);
      expect(response?.status(), url).toBeLessThan(500);
      expect(new URL(page.url()).origin, url).toBe(e2eBaseUrl);
      await context.close();
    }
    // A signed-out visit to the portal goes through the proxy's sign-in redirect.
    const signedOut = await browser.newContext();
    await forgeHostHeaders(signedOut, seen);
    await (await signedOut.newPage()).goto("/members");
    await signedOut.close();
    expectOnPortal(seen.locations);
  });

  test("every link in every email the suite has sent so far is on REKEY_PUBLIC_URL", async ({ page }) => {
    const links = await mailboxLinks(page);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`${e2eBaseUrl}/`), link).toBe(true);
  });
});

test.describe("staff below a page's role", () => {
  test.use({ storageState: "e2e/.auth/support.json" });

  for (const path of ["/admin/approvals", "/admin/bulk", "/admin/signing-keys"]) {
    test(`support staff get HTTP 403 on ${path}, told the page needs the admin role`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "This page needs the admin role" })).toBeVisible();
      await expect(page.getByText("You are support staff.")).toBeVisible();
      await expect(page.getByRole("link", { name: "Back to the admin home" })).toHaveAttribute("href", "/admin");
    });
  }
});
