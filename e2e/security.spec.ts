import { expect, test, type APIResponse } from "@playwright/test";
import { writeReport } from "../testing/reports";
import { listRouteHandlers } from "../testing/route-tree";
import { signInViaMailbox, USERS } from "./fixtures";
import { serverLog } from "./page-sweep";
import { expectSecurityHeaders } from "./response-checks";

// Headers and cookie flags on every page are checked by the page sweep (e2e/page-sweep.spec.ts).
const figures = {
  apiRoutesChecked: 0,
  rateLimits: [] as string[],
  redirectsRefused: 0,
  logBytesScanned: 0,
};
test.afterAll(() => writeReport("security-e2e", figures, "e2e"));

test.describe("security checks on the production build", () => {
  test("every GET API route sends the security headers", async ({ request }) => {
    for (const route of listRouteHandlers().filter(
      (r) => r.methods.includes("GET") && r.params.length === 0 && !r.file.startsWith("app/(portal)/"),
    )) {
      if (route.pattern.endsWith("/stream")) continue; // an endless event stream; its headers come from the same config
      const response = await request.get(route.pattern);
      expectSecurityHeaders(response, route.pattern);
      expect(response.status(), route.pattern).toBeLessThan(500);
      figures.apiRoutesChecked++;
    }
  });

  test("validation and activation answer 429 with Retry-After once a key is hammered", async ({ request }) => {
    test.setTimeout(180_000); // a few hundred requests until the limit answers
    for (const [path, body] of [
      ["/api/v1/licenses/validate", { key: "RK-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-Z" }],
      ["/api/v1/devices/activate", { key: "RK-YYYY-YYYY-YYYY-YYYY-YYYY-Y", fingerprint: "rate-limit-probe-machine" }],
    ] as const) {
      let limited: APIResponse | undefined;
      for (let attempt = 0; attempt < 200 && !limited; attempt++) {
        const response = await request.post(path, { data: body });
        expect(response.status(), path).toBeLessThan(500);
        if (response.status() === 429) limited = response;
      }
      expect(limited, `${path} never answered 429`).toBeDefined();
      expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
      expect(await limited!.json()).toMatchObject({ code: "RATE_LIMITED" });
      figures.rateLimits.push(path);
    }
  });

  test("a sign-in link never redirects off-site, whatever callbackUrl it carries", async ({ page }) => {
    // Neither has an authenticator app, so the link lands directly; alternating keeps each address
    // under the five-links-per-15-minutes limit.
    const attempts = [
      { target: "https://evil.example/", email: USERS.grace },
      { target: "//evil.example/", email: USERS.alice },
      { target: "/\\evil.example", email: USERS.alice },
    ];
    for (const { target, email } of attempts) {
      await page.context().clearCookies();
      await signInViaMailbox(page, email, { from: `/signin?callbackUrl=${encodeURIComponent(target)}` });
      await expect(page.getByRole("heading", { name: "Licenses" })).toBeVisible();
      expect(new URL(page.url()).hostname, target).toBe("localhost");
      figures.redirectsRefused++;
    }
  });

  test("a session cookie planted before sign-in is replaced, not adopted (no session fixation)", async ({
    page,
    baseURL,
  }) => {
    const planted = "attacker-chosen-session-token";
    await page.context().clearCookies();
    await page.context().addCookies([{ name: "authjs.session-token", value: planted, url: baseURL! }]);
    await signInViaMailbox(page, USERS.alice);
    await expect(page.getByRole("heading", { name: "Licenses" })).toBeVisible();
    const session = (await page.context().cookies()).find((cookie) => cookie.name === "authjs.session-token");
    expect(session?.value).toBeTruthy();
    expect(session!.value).not.toBe(planted);
  });

  test("server logs hold no license key, webhook secret or sign-in token", () => {
    const log = serverLog();
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toMatch(/RK-[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3,}/);
    expect(log).not.toMatch(/whsec_[A-Za-z0-9+/=]{16,}/);
    expect(log).not.toMatch(/[?&]token=[A-Za-z0-9_-]{20,}/);
    figures.logBytesScanned = log.length;
  });
});
