import { randomUUID } from "node:crypto";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { activate, createJwksCache, deactivate, validateOnline } from "../packages/sdk/src";
import { e2eBaseUrl } from "./base-url";
import { authFile, giveStaffReason, mailLink, signInViaMailbox } from "./fixtures";
import { provisionOwnLicensedCustomer } from "./vendor-journey";

/**
 * Issue 18, device transfer limits and named-user seats end to end, each on its own product,
 * customer and license (no demo data): clients race through the SDK against the production build
 * on PostgreSQL, the limit holds, the right code answers beyond it, the portal shows the state and
 * the customer (or support, for an exception) acts on it.
 */

const jwks = createJwksCache({ url: `${e2eBaseUrl}/.well-known/jwks.json` });

test("four machines race for two freed seats with one device transfer left: one moves, the others hear TRANSFER_LIMIT_REACHED; the portal shows none left and support's waiver gives them back", async ({
  browser,
}) => {
  test.setTimeout(240_000); // admin forms, an invitation and a support waiver on a loaded machine
  const suffix = randomUUID().slice(0, 6);
  const productCode = `xfer-${suffix}`;
  const { page, key, close } = await provisionOwnLicensedCustomer(browser, {
    product: { name: `Transfer CAD ${suffix}`, code: productCode },
    edition: { name: "Workstation", code: "workstation" },
    seats: 2,
    configureEdition: async (newEdition) => {
      await newEdition.getByLabel("Device transfers allowed").fill("1");
    },
    editionSummary: "Per device, 1 device transfers per 30 days",
  });
  const licensePath = new URL(page.url()).pathname;
  const machine = (i: number) => ({
    baseUrl: e2eBaseUrl,
    key,
    product: productCode,
    jwks,
    fingerprint: `transfer-${suffix}-${i}`,
    name: `workstation-${i}`,
  });

  // Each seat's first device is free; giving both back makes every later device a transfer.
  for (const i of [0, 1]) expect(await activate(machine(i))).toMatchObject({ ok: true });
  for (const i of [0, 1]) expect(await deactivate(machine(i))).toMatchObject({ ok: true });
  const raced = await Promise.all([2, 3, 4, 5].map((i) => activate(machine(i))));
  expect(raced.filter((answer) => answer.ok)).toHaveLength(1);
  expect(raced.filter((answer) => !answer.ok)).toEqual(
    Array(3).fill(expect.objectContaining({ reason: "refused", code: "TRANSFER_LIMIT_REACHED" })),
  );
  const refused = [2, 3, 4, 5][raced.findIndex((answer) => !answer.ok)]!;

  await page.goto(`${licensePath}/devices`);
  await expect(page.getByText("0 of 1 device transfer left")).toBeVisible();

  // Support grants an exception with a reason; the customer sees the allowance back and the refused machine moves in.
  const supportContext = await browser.newContext({ storageState: authFile("support") });
  const support = await supportContext.newPage();
  await support.goto(`/admin${licensePath}`);
  await support.getByRole("button", { name: "Waive device transfers" }).click();
  const waiver = support.getByRole("dialog");
  await giveStaffReason(waiver, "Customer replaced two broken workstations");
  await waiver.getByRole("button", { name: "Waive transfers" }).click();
  await expect(support.getByText("Transfers waived: the full allowance is back.")).toBeVisible();
  await supportContext.close();

  await page.reload();
  await expect(page.getByText("1 of 1 device transfer left")).toBeVisible();
  expect(await activate(machine(refused))).toMatchObject({ ok: true });
  await close();
});

/** A new person of the organization: invited by the owner on the Members page, then signed in (which makes them a member). */
async function inviteMember(owner: Page, browser: Browser, email: string): Promise<Page> {
  await owner.goto("/members");
  await owner.getByLabel("Email address").fill(email);
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInViaMailbox(page, email);
  return page;
}

test("three owners' tabs race to assign two named-user seats: two people get one and an email, the SDK answers VALID and TOO_MANY_USERS, and a reassignment counts against the limit", async ({
  browser,
}) => {
  test.setTimeout(300_000); // admin forms and four sign-ins by magic link
  const suffix = randomUUID().slice(0, 6);
  const productCode = `named-${suffix}`;
  const productName = `Named Studio ${suffix}`;
  const {
    page: owner,
    key,
    close,
  } = await provisionOwnLicensedCustomer(browser, {
    product: { name: productName, code: productCode },
    edition: { name: "Team", code: "team" },
    seats: 2,
    configureEdition: async (newEdition) => {
      await newEdition.getByLabel("Seats counted").selectOption("user");
      // Validation names people by email here; seat tokens are lib/seats/named-user-seats.test.ts's.
      await newEdition.getByLabel("Require seat tokens").uncheck();
      await newEdition.getByLabel("Device transfers allowed").fill("1");
    },
    editionSummary: "Named users, 1 seat reassignments per 30 days",
  });
  const seatsPath = `${new URL(owner.url()).pathname}/seats`;
  const people = ["ann", "ben", "cat"].map((name) => `${name}-${suffix}@${productCode}.example`);
  const memberPages = [];
  for (const email of people) memberPages.push(await inviteMember(owner, browser, email));

  // The same owner in three tabs assigns three people at once to two seats: the license lock lets two through.
  const tabs = await Promise.all(people.map(() => owner.context().newPage()));
  for (const [i, tab] of tabs.entries()) {
    await tab.goto(seatsPath);
    await tab.getByLabel("Seat holder's email").fill(people[i]!);
  }
  await Promise.all(tabs.map((tab) => tab.getByRole("button", { name: "Assign seat" }).click()));
  // A winner's tab re-renders without the form once the seats are full; the loser's keeps its refusal.
  const refusals = () => Promise.all(tabs.map((tab) => tab.getByText("All 2 seats are assigned").count()));
  await expect.poll(async () => (await refusals()).reduce((sum, count) => sum + count, 0), { timeout: 60_000 }).toBe(1);
  await owner.goto(seatsPath);
  await expect(owner.getByRole("heading", { name: "2 of 2 seats assigned" })).toBeVisible();
  const holderRows = owner.getByRole("table", { name: "People holding a seat" }).getByRole("row");
  await expect(holderRows).toHaveCount(3);
  const heldBy = await Promise.all(
    people.map(async (email) => (await owner.getByRole("cell", { name: email }).count()) > 0),
  );
  const [first, second] = people.filter((_, i) => heldBy[i]);
  const waiting = people.find((_, i) => !heldBy[i])!;
  expect([first, second, waiting].every(Boolean)).toBe(true);
  await expect(owner.getByText("1 of 1 seat reassignment left")).toBeVisible();

  const validateAs = (user: string) => validateOnline({ baseUrl: e2eBaseUrl, key, product: productCode, jwks, user });
  expect(await validateAs(first!)).toMatchObject({ valid: true, code: "VALID" });
  expect(await validateAs(waiting)).toMatchObject({ valid: false, code: "TOO_MANY_USERS" });

  // The person assigned is told by email and, signed in, sees the seat they hold: the email links to
  // the license in their holder view (/held/<id>), which shows it to members and outsiders alike.
  const firstPage = memberPages[people.indexOf(first!)]!;
  await firstPage.goto(await mailLink(firstPage, first!, `You have a seat of ${productName}`));
  await expect(firstPage).toHaveURL(/\/held\/[0-9a-f-]{36}$/);
  await expect(firstPage.getByRole("heading", { name: "Your seat" })).toBeVisible();
  // There they copy their seat token, which proves the seat to the SDK until the seat is taken back.
  await firstPage.getByRole("button", { name: "Get my seat token" }).click();
  const seatToken = (await firstPage.getByLabel("Your seat token").textContent())!;
  const validateWithToken = (userToken: string) =>
    validateOnline({ baseUrl: e2eBaseUrl, key, product: productCode, jwks, userToken });
  expect(await validateWithToken(seatToken)).toMatchObject({ valid: true, code: "VALID" });

  // Giving the first person's seat to the one waiting is a reassignment: none is left after it.
  await owner.getByRole("button", { name: `Unassign the seat of ${first}` }).click();
  await owner.getByRole("button", { name: "Unassign seat" }).click();
  await expect(owner.getByRole("heading", { name: "1 of 2 seats assigned" })).toBeVisible();
  expect(await validateAs(first!)).toMatchObject({ valid: false, code: "SEAT_NOT_ASSIGNED" });
  expect(await validateWithToken(seatToken)).toMatchObject({ valid: false, code: "SEAT_NOT_ASSIGNED" });
  await owner.getByLabel("Seat holder's email").fill(waiting);
  await owner.getByRole("button", { name: "Assign seat" }).click();
  await expect(owner.getByText("0 of 1 seat reassignment left")).toBeVisible();
  expect(await validateAs(waiting)).toMatchObject({ valid: true, code: "VALID" });
  expect(await validateAs(second!)).toMatchObject({ valid: true, code: "VALID" });

  for (const memberPage of memberPages) await memberPage.context().close();
  await close();
});
