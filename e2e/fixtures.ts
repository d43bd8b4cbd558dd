import { readFileSync, writeFileSync } from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

export const USERS = {
  alice: "alice@acme.example",
  grace: "grace@globex.example",
  support: "support@rekey.example",
  admin: "admin@rekey.example",
  admin2: "admin2@rekey.example",
  bob: "bob@acme.example",
} as const;

export const authFile = (who: keyof typeof USERS) => `e2e/.auth/${who}.json`;
export const globexLicenseFile = "e2e/.auth/globex-license.json";

/**
 * Signs in the way a person does: request a link, open the dev mailbox (the outbox in a
 * browser), follow the link. Only the mailbox replaces a real inbox.
 */
export async function signInViaMailbox(page: Page, email: string, { from = "/signin" } = {}): Promise<void> {
  await page.goto(from);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const newest = page.getByRole("region", { name: /Your Rekey sign-in link/ }).first();
  const link = await newest
    .getByRole("list", { name: "Links in this email" })
    .getByRole("link")
    .first()
    .getAttribute("href");
  expect(link).toBeTruthy();
  await page.goto(link!);
}

/** What enrolment leaves behind for later steps and specs: the app's secret and the recovery codes. */
interface EnrolledFactor {
  secret: string;
  recoveryCodes: string[];
  /** Last TOTP time step handed out: the server takes each code once. */
  lastStep: number;
}

type Person = keyof typeof USERS;
/** Whose authenticator app: a demo person, or the email of a person a spec made itself. */
type FactorHolder = Person | `${string}@${string}`;
const factorFile = (who: FactorHolder) => `e2e/.auth/${who}-totp.json`;

export function readFactor(who: FactorHolder): EnrolledFactor {
  return JSON.parse(readFileSync(factorFile(who), "utf8")) as EnrolledFactor;
}

/**
 * What the person's authenticator app would show: a fresh code the server has not seen yet. The
 * server accepts one 30 s step either side, so a code for the next step is valid right away.
 */
export function nextTotpCode(who: FactorHolder): string {
  const factor = readFactor(who);
  const totp = new TOTP({ secret: Secret.fromBase32(factor.secret), algorithm: "SHA1", digits: 6, period: 30 });
  const current = Math.floor(Date.now() / 30_000);
  // Never the previous step: on a loaded machine the server may already be a step further.
  const step = Math.max(current, factor.lastStep + 1);
  if (step > current + 1)
    throw new Error("no unused TOTP step inside the drift window; the spec asked for too many codes at once");
  writeFileSync(factorFile(who), JSON.stringify({ ...factor, lastStep: step }));
  return totp.generate({ timestamp: step * 30_000 });
}

/**
 * Sets up an authenticator app on the security page the person is on, through the UI, with the
 * code computed from the setup key shown on screen (no real phone), and notes the recovery codes.
 */
export async function enrolAuthenticator(page: Page, who: FactorHolder): Promise<void> {
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByLabel("Setup key").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  writeFileSync(factorFile(who), JSON.stringify({ secret, recoveryCodes: [], lastStep: 0 } satisfies EnrolledFactor));
  await page.getByLabel("Code from the app").fill(nextTotpCode(who));
  await page.getByRole("button", { name: "Turn on" }).click();
  const codeItems = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codeItems).toHaveCount(10);
  writeFileSync(
    factorFile(who),
    JSON.stringify({ ...readFactor(who), recoveryCodes: await codeItems.allTextContents() }),
  );
}

/** Staff sign in like anyone (magic link) and are sent to set up an authenticator app first. */
export async function signInAndEnrolStaff(page: Page, who: "support" | "admin" | "admin2"): Promise<void> {
  await signInViaMailbox(page, USERS[who]);
  await expect(page).toHaveURL(/\/admin\/security\?callbackUrl=%2Fadmin$/);
  await expect(
    page.getByRole("status").filter({ hasText: "Read-only until you set up two-step verification" }),
  ).toBeVisible();
  await enrolAuthenticator(page, who);
  await page.getByRole("link", { name: "I saved them — continue" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByText("Read-only until")).toHaveCount(0);
}

/**
 * Key material needs a sign-in from the last 15 minutes (lib/licensing/key-material-gate.ts), and
 * the stored states are as old as the run: when the license page the person is on asks them to
 * confirm it's them, they do it through the page's own "Sign in again" link, which brings them back.
 */
export async function confirmRecentSignIn(page: Page, who: Person): Promise<void> {
  // Counted only once the page is there: callers come straight from a click on the overview, and a
  // count taken mid-navigation is 0 whatever the page will say.
  await expect(page.getByRole("region", { name: "License key" })).toBeVisible();
  const signInAgain = page.getByRole("region", { name: "License key" }).getByRole("link", { name: "Sign in again" });
  if ((await signInAgain.count()) === 0) return;
  await signInViaMailbox(page, USERS[who], { from: (await signInAgain.getAttribute("href"))! });
  await expect(page.getByRole("region", { name: "License key" })).toBeVisible();
  await expect(signInAgain).toHaveCount(0);
}

/**
 * Reveals the (first) key in `scope` and returns it. A click that lands before React has hydrated the
 * page does nothing, since the button is only server-rendered HTML until then: on a loaded CI
 * machine a click straight after a navigation once waited out the whole test that way. So the click
 * is repeated until the key shows, each with a short timeout of its own (the Reveal button is gone
 * once a slow first click has worked).
 */
export async function revealKey(scope: Locator): Promise<string> {
  const revealed = scope.getByLabel("Revealed license key");
  await expect(async () => {
    if (!(await revealed.isVisible()))
      await scope.getByRole("button", { name: "Reveal" }).first().click({ timeout: 5_000 });
    await expect(revealed).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  return (await revealed.textContent())!;
}

/** The staff reason contract on an admin form: a category and the internal note. */
export async function giveStaffReason(scope: Locator, reason: string) {
  await scope.getByLabel("Reason category").selectOption("customer_request");
  await scope.getByLabel("Internal note (staff only — the customer never sees this)").fill(reason);
}

/** The newest email with this subject in the dev mailbox, and its first link. */
export async function mailLink(page: Page, to: string, subject: string | RegExp): Promise<string> {
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
  const email = page.getByRole("region", { name: subject }).first();
  await expect(email).toBeVisible();
  const link = await email
    .getByRole("list", { name: "Links in this email" })
    .getByRole("link")
    .first()
    .getAttribute("href");
  expect(link).toBeTruthy();
  return link!;
}
