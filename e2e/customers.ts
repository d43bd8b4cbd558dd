import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { type BrowserContext, expect, request, type Browser, type Page } from "@playwright/test";
import { e2eBaseUrl } from "./base-url";
import { signInViaMailbox } from "./fixtures";

/**
 * A customer of its own for one spec (e2e/README.md): an organization, its owner signed in, and
 * licenses, made through the management API (issue 15) as a vendor's CRM would — no admin forms —
 * so specs that change what they are given run in parallel with every other.
 */

/** Written by e2e/auth.setup.ts: a full-access management API token an admin created in the admin view. */
export const managementTokenFile = "e2e/.auth/management-token.json";

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

export interface OwnCustomer {
  orgId: string;
  orgName: string;
  ownerEmail: string;
  /** The owner's signed-in browser state, for `browser.newContext({ storageState })` or `test.use` (customerOfThisFile). */
  storageState: StorageState;
  /** `/licenses/<id>` of each license asked for, in the order asked. */
  licensePaths: string[];
}

export interface LicenseWanted {
  /** Product and edition codes of the demo catalogue, e.g. studio / professional. */
  product: string;
  edition: string;
  seats: number;
  termDays?: number;
  offlineGraceDays?: number;
}

const reason = { reasonCategory: "customer_request", reason: "e2e spec provisions its own customer" } as const;

export async function managementApi() {
  const { token } = JSON.parse(readFileSync(managementTokenFile, "utf8")) as { token: string };
  const api = await request.newContext({
    baseURL: `${e2eBaseUrl}/api/v1/manage/`,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const call = async (method: "GET" | "POST", path: string, data?: object) => {
    const response = await api.fetch(path, { method, data });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return response.json();
  };
  return { call, dispose: () => api.dispose() };
}

async function editionId(call: Awaited<ReturnType<typeof managementApi>>["call"], wanted: LicenseWanted) {
  const products = (await call("GET", "products?limit=100")) as { data: { id: string; code: string }[] };
  const product = products.data.find((candidate) => candidate.code === wanted.product);
  expect(product, `product ${wanted.product} in the demo catalogue`).toBeDefined();
  const editions = (await call("GET", `editions?product=${product!.id}&limit=100`)) as {
    data: { id: string; code: string }[];
  };
  const edition = editions.data.find((candidate) => candidate.code === wanted.edition);
  expect(edition, `edition ${wanted.product}/${wanted.edition}`).toBeDefined();
  return edition!.id;
}

/**
 * Creates the organization and its licenses, then signs the owner in through the mailbox (the
 * only way into a session) and keeps that browser state.
 */
export async function provisionCustomer(
  browser: Browser,
  { licenses }: { licenses: LicenseWanted[] },
): Promise<OwnCustomer> {
  const suffix = randomUUID().slice(0, 8);
  const orgName = `Own Customer ${suffix}`;
  const ownerEmail = `owner-${suffix}@own-customer.example`;
  const { call, dispose } = await managementApi();
  try {
    const org = (await call("POST", "customers", { name: orgName, ownerEmail, ...reason })) as { id: string };
    const licensePaths: string[] = [];
    for (const wanted of licenses) {
      const license = (await call("POST", "licenses", {
        orgId: org.id,
        editionId: await editionId(call, wanted),
        seats: wanted.seats,
        termDays: wanted.termDays ?? 365,
        offlineGraceDays: wanted.offlineGraceDays ?? 7,
        ...reason,
      })) as { id: string };
      licensePaths.push(`/licenses/${license.id}`);
    }
    // A context made by hand gets none of the project's `use` options, baseURL included.
    const context = await browser.newContext({ baseURL: e2eBaseUrl, storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await signInViaMailbox(page, ownerEmail);
    await expect(page.getByRole("heading", { name: "Licenses" })).toBeVisible();
    const storageState = await context.storageState();
    await context.close();
    return { orgId: org.id, orgName, ownerEmail, storageState, licensePaths };
  } finally {
    await dispose();
  }
}

/** The license key as the owner copies it from the license page (a fresh sign-in: no confirmation asked). */
export async function revealOwnKey(page: Page, licensePath: string): Promise<string> {
  await page.goto(licensePath);
  await page.getByRole("region", { name: "License key" }).getByRole("button", { name: "Reveal" }).first().click();
  return (await page.getByLabel("Revealed license key").textContent())!;
}

/** Saves the management token the admin just created (see auth.setup.ts). */
export const saveManagementToken = (token: string) => writeFileSync(managementTokenFile, JSON.stringify({ token }));

/**
 * One customer for a spec file, made when the file's first test (or hook) needs its owner's
 * browser state — Playwright sets up a file's `storageState` before its `beforeAll` hooks run,
 * so a hook cannot make it first:
 *
 *   const own = customerOfThisFile({ licenses: [...] });
 *   test.use({ storageState: own.signedIn });
 *   ... own.get().licensePaths[0]
 */
export function customerOfThisFile(wanted: { licenses: LicenseWanted[] }) {
  let making: Promise<OwnCustomer> | undefined;
  let made: OwnCustomer | undefined;
  return {
    signedIn: async ({ browser }: { browser: Browser }, use: (state: StorageState) => Promise<void>) => {
      making ??= provisionCustomer(browser, wanted).then((customer) => (made = customer));
      await use((await making).storageState);
    },
    get(): OwnCustomer {
      if (!made) throw new Error("the customer is made by the storageState fixture: use a page or context first");
      return made;
    },
  };
}
