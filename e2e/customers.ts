import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { type BrowserContext, expect, request, type Page } from "@playwright/test";
import { e2eBaseUrl } from "./base-url";
import { revealKey } from "./fixtures";

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
  /** Product and edition codes in the catalogue, e.g. the demo's studio / professional. */
  product: string;
  edition: string;
  seats: number;
  /** Unless given, the edition's defaults, as the admin's new-license form fills them (null: perpetual). */
  termDays?: number | null;
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

interface CatalogueEdition {
  id: string;
  code: string;
  defaultTermDays: number | null;
  defaultOfflineGraceDays: number;
}

async function findEdition(
  call: Awaited<ReturnType<typeof managementApi>>["call"],
  wanted: LicenseWanted,
): Promise<CatalogueEdition> {
  const products = (await call("GET", "products?limit=100")) as { data: { id: string; code: string }[] };
  const product = products.data.find((candidate) => candidate.code === wanted.product);
  expect(product, `product ${wanted.product} in the catalogue`).toBeDefined();
  const editions = (await call("GET", `editions?product=${product!.id}&limit=100`)) as { data: CatalogueEdition[] };
  const edition = editions.data.find((candidate) => candidate.code === wanted.edition);
  expect(edition, `edition ${wanted.product}/${wanted.edition}`).toBeDefined();
  return edition!;
}

/**
 * The browser state of `email` signed in by magic link, made without a browser: the sign-in form
 * is a server action around Auth.js's email sign-in, which this asks for directly; the link is read
 * from the dev mailbox and followed through the second-factor step, which sends someone without a
 * factor straight on. Signing in in Chromium took five page loads per customer made (issue 23);
 * the specs about signing in use the form (e2e/README.md rule 3).
 */
async function signedInWithoutBrowser(email: string): Promise<StorageState> {
  // Empty explicitly: a request context made in a test starts from the test's `use` options, and
  // following the link with a staff member's session cookie signed that staff member out.
  const api = await request.newContext({ baseURL: e2eBaseUrl, storageState: { cookies: [], origins: [] } });
  try {
    const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const sent = await api.post("/api/auth/signin/resend", {
      form: { email, csrfToken, callbackUrl: `/signin/mfa?callbackUrl=${encodeURIComponent("/")}` },
      maxRedirects: 0,
    });
    // Auth.js answers a sent link with its "check your email" step, a refused one with its error page.
    expect(sent.headers().location, `the magic link for ${email} was sent`).toMatch(/\/api\/auth\/verify-request\?/);
    const mailbox = await (await api.get(`/dev/mailbox?to=${encodeURIComponent(email)}`)).text();
    // The links list of the email card (components/dev/email-card.tsx), attribute-escaped.
    const link = mailbox.match(/href="([^"]*\/api\/auth\/callback\/resend\?[^"]*)"/)?.[1]?.replaceAll("&amp;", "&");
    expect(link, `the sign-in link in ${email}'s mailbox`).toBeDefined();
    const landed = await api.get(link!);
    expect(new URL(landed.url()).pathname, `${email} lands on the overview, signed in`).toBe("/");
    return await api.storageState();
  } finally {
    await api.dispose();
  }
}

/** Creates the organization and its licenses, and signs the owner in (the only way into a session). */
export async function provisionCustomer({
  licenses,
  orgName = `Own Customer ${randomUUID().slice(0, 8)}`,
  ownerEmail = `owner-${randomUUID().slice(0, 8)}@own-customer.example`,
}: {
  licenses: LicenseWanted[];
  orgName?: string;
  ownerEmail?: string;
}): Promise<OwnCustomer> {
  const { call, dispose } = await managementApi();
  try {
    const org = (await call("POST", "customers", { name: orgName, ownerEmail, ...reason })) as { id: string };
    const licensePaths: string[] = [];
    for (const wanted of licenses) {
      const edition = await findEdition(call, wanted);
      const license = (await call("POST", "licenses", {
        orgId: org.id,
        editionId: edition.id,
        seats: wanted.seats,
        termDays: wanted.termDays === undefined ? edition.defaultTermDays : wanted.termDays,
        offlineGraceDays: wanted.offlineGraceDays ?? edition.defaultOfflineGraceDays,
        ...reason,
      })) as { id: string };
      licensePaths.push(`/licenses/${license.id}`);
    }
    const storageState = await signedInWithoutBrowser(ownerEmail);
    return { orgId: org.id, orgName, ownerEmail, storageState, licensePaths };
  } finally {
    await dispose();
  }
}

/** The license key as the owner copies it from the license page (a fresh sign-in: no confirmation asked). */
export async function revealOwnKey(page: Page, licensePath: string): Promise<string> {
  await page.goto(licensePath);
  return revealKey(page.getByRole("region", { name: "License key" }));
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
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern, and it has none.
    signedIn: async ({}, use: (state: StorageState) => Promise<void>) => {
      making ??= provisionCustomer(wanted).then((customer) => (made = customer));
      await use((await making).storageState);
    },
    get(): OwnCustomer {
      if (!made) throw new Error("the customer is made by the storageState fixture: use a page or context first");
      return made;
    },
  };
}
