/**
 * The management API (issue 15, DESIGN.md §5) as data: every operation's method, path, the scope
 * it needs and the zod schemas of its query and body. The router (app/api/v1/manage) matches
 * requests against it, the OpenAPI document is built from it, and the probes walk it, so the
 * three cannot disagree. Bodies reuse the schemas of the admin forms that call the same use cases.
 */
import type { z } from "zod";
import {
  addFeatureSchema,
  changeLicenseEditionSchema,
  createCustomerSchema,
  createEditionSchema,
  createLicenseSchema,
  createProductSchema,
  setEditionSeatTokensSchema,
} from "@/lib/validations/catalog";
import type { RequiredScope } from "@/lib/validations/api-tokens";
import {
  deviceListQuerySchema,
  editionListQuerySchema,
  eventListQuerySchema,
  licenseListQuerySchema,
  pageQuerySchema,
} from "@/lib/validations/management";
import { createVendorEndpointSchema, vendorEndpointActionSchema } from "@/lib/validations/vendor-webhooks";
import { createReleaseSchema, releaseActionSchema, releaseListQuerySchema } from "@/lib/validations/releases";
import {
  changeSeatsSchema,
  extendExpirySchema,
  reissueKeySchema,
  staffDeactivateDeviceSchema,
  staffLicenseActionSchema,
  staffRevokeLicenseSchema,
} from "@/lib/validations/support";

export const MANAGEMENT_BASE_PATH = "/api/v1/manage";

export type ManagementMethod = "GET" | "POST" | "PATCH";

export interface ManagementOperation {
  operationId: string;
  method: ManagementMethod;
  /** Relative to MANAGEMENT_BASE_PATH, with `{name}` path parameters (ids). */
  path: string;
  scope: RequiredScope;
  summary: string;
  query?: z.ZodObject;
  /** Parsed with the path parameters merged in (they win), so one schema checks both. */
  body?: z.ZodObject;
  /** 201 for creations. */
  successStatus?: 200 | 201;
  /**
   * The answer carries a secret shown once (a webhook signing secret), so it is never kept for
   * Idempotency-Key replay, which would store it in the clear for 24 h. Such a creation must be
   * safe to retry by itself (a second endpoint for the same URL is a 409).
   */
  isAnswerSecret?: true;
  /**
   * The four-eyes policy may hold this action for a second staff member (issue 22): the answer is
   * then 202 with the pending approval (`PendingApprovalAnswer`), and nothing changed yet.
   */
  mayAwaitApproval?: true;
}

/** The 202 body of an operation the four-eyes policy held: what to quote to the approving admin. */
export interface PendingApprovalAnswer {
  status: "awaiting_approval";
  approvalId: string;
  expiresAt: string;
  detail: string;
}

const LICENSES = "licenses:write" as const;
const CATALOGUE = "catalogue:write" as const;

export const MANAGEMENT_OPERATIONS = [
  {
    operationId: "listProducts",
    method: "GET",
    path: "/products",
    scope: "read",
    summary: "List products, newest first.",
    query: pageQuerySchema,
  },
  {
    operationId: "createProduct",
    method: "POST",
    path: "/products",
    scope: CATALOGUE,
    summary: "Add a product to the catalogue.",
    body: createProductSchema,
    successStatus: 201,
  },
  {
    operationId: "getProduct",
    method: "GET",
    path: "/products/{productId}",
    scope: "read",
    summary: "A product with its features and editions.",
  },
  {
    operationId: "addFeature",
    method: "POST",
    path: "/products/{productId}/features",
    scope: CATALOGUE,
    summary: "Add a feature (an entitlement code) to a product.",
    body: addFeatureSchema,
    successStatus: 201,
  },
  {
    operationId: "listEditions",
    method: "GET",
    path: "/editions",
    scope: "read",
    summary: "List editions, of one product with `product`.",
    query: editionListQuerySchema,
  },
  {
    operationId: "createEdition",
    method: "POST",
    path: "/products/{productId}/editions",
    scope: CATALOGUE,
    summary: "Add an edition with its entitlements (feature ids) and defaults.",
    body: createEditionSchema,
    successStatus: 201,
  },
  {
    operationId: "updateEdition",
    method: "PATCH",
    path: "/editions/{editionId}",
    scope: CATALOGUE,
    summary:
      "Require seat tokens on a named-user edition, or stop requiring them (requireSeatToken; omitted is off). Answers how many seat holders have no token yet (holdersWithoutToken).",
    body: setEditionSeatTokensSchema,
  },
  {
    operationId: "listCustomers",
    method: "GET",
    path: "/customers",
    scope: "read",
    summary: "List customers (organizations), newest first.",
    query: pageQuerySchema,
  },
  {
    operationId: "createCustomer",
    method: "POST",
    path: "/customers",
    scope: LICENSES,
    summary: "Create a customer and invite its first owner by email.",
    body: createCustomerSchema,
    successStatus: 201,
  },
  {
    operationId: "getCustomer",
    method: "GET",
    path: "/customers/{orgId}",
    scope: "read",
    summary: "A customer with its members and invitations.",
  },
  {
    operationId: "listLicenses",
    method: "GET",
    path: "/licenses",
    scope: "read",
    summary: "List licenses; filter by customer, product, status, expiring before/after.",
    query: licenseListQuerySchema,
  },
  {
    operationId: "createLicense",
    method: "POST",
    path: "/licenses",
    scope: LICENSES,
    summary: "Create a license of an edition for a customer; its key is emailed to the owners.",
    body: createLicenseSchema,
    successStatus: 201,
  },
  { operationId: "getLicense", method: "GET", path: "/licenses/{licenseId}", scope: "read", summary: "A license." },
  {
    operationId: "updateLicense",
    method: "PATCH",
    path: "/licenses/{licenseId}",
    scope: LICENSES,
    summary: "Change a license's seats.",
    body: changeSeatsSchema,
  },
  {
    operationId: "suspendLicense",
    method: "POST",
    path: "/licenses/{licenseId}/suspend",
    scope: LICENSES,
    summary: "Suspend a license.",
    body: staffLicenseActionSchema,
  },
  {
    operationId: "reinstateLicense",
    method: "POST",
    path: "/licenses/{licenseId}/reinstate",
    scope: LICENSES,
    summary: "Reinstate a suspended license.",
    body: staffLicenseActionSchema,
  },
  {
    operationId: "revokeLicense",
    method: "POST",
    path: "/licenses/{licenseId}/revoke",
    scope: LICENSES,
    summary: "Revoke a license (after the policy's undo window, or at once with isEmergency).",
    body: staffRevokeLicenseSchema,
    mayAwaitApproval: true,
  },
  {
    operationId: "extendLicense",
    method: "POST",
    path: "/licenses/{licenseId}/extend",
    scope: LICENSES,
    summary: "Move a license's expiry.",
    body: extendExpirySchema,
    mayAwaitApproval: true,
  },
  {
    operationId: "endLicenseTerm",
    method: "POST",
    path: "/licenses/{licenseId}/end-term",
    scope: LICENSES,
    summary:
      "End a license's current term now (a chargeback, a mistaken renewal): the edition's expiry strategy applies from now; extend to undo.",
    body: staffLicenseActionSchema,
    mayAwaitApproval: true,
  },
  {
    operationId: "changeLicenseEdition",
    method: "POST",
    path: "/licenses/{licenseId}/change-edition",
    scope: LICENSES,
    summary: "Move a license to another edition of its product.",
    body: changeLicenseEditionSchema,
  },
  {
    operationId: "reissueLicenseKey",
    method: "POST",
    path: "/licenses/{licenseId}/reissue",
    scope: LICENSES,
    summary: "Issue a new key; the old one stays valid for the overlap.",
    body: reissueKeySchema,
    successStatus: 201,
  },
  {
    operationId: "listDevices",
    method: "GET",
    path: "/licenses/{licenseId}/devices",
    scope: "read",
    summary: "A license's devices; filter by status.",
    query: deviceListQuerySchema,
  },
  {
    operationId: "deactivateDevice",
    method: "POST",
    path: "/licenses/{licenseId}/devices/{deviceId}/deactivate",
    scope: LICENSES,
    summary: "Deactivate a device, freeing its seat.",
    body: staffDeactivateDeviceSchema,
  },
  {
    operationId: "listRotations",
    method: "GET",
    path: "/licenses/{licenseId}/rotations",
    scope: "read",
    summary: "A license's key rotations.",
    query: pageQuerySchema,
  },
  {
    operationId: "scheduleRotation",
    method: "POST",
    path: "/licenses/{licenseId}/rotations",
    scope: LICENSES,
    summary: "Schedule a reissue rotation: a new key now, the old one valid for the overlap.",
    body: reissueKeySchema,
    successStatus: 201,
  },
  {
    operationId: "listWebhookEndpoints",
    method: "GET",
    path: "/webhook-endpoints",
    scope: CATALOGUE,
    summary: "List the vendor's webhook endpoints (without secrets).",
    query: pageQuerySchema,
  },
  {
    operationId: "createWebhookEndpoint",
    method: "POST",
    path: "/webhook-endpoints",
    scope: CATALOGUE,
    summary:
      "Add a vendor webhook endpoint; the answer's `secret` (whsec_…) is shown only this once. Not replayed by Idempotency-Key: a retry for the same URL is 409.",
    body: createVendorEndpointSchema,
    successStatus: 201,
    isAnswerSecret: true,
  },
  {
    operationId: "deleteWebhookEndpoint",
    method: "POST",
    path: "/webhook-endpoints/{endpointId}/delete",
    scope: CATALOGUE,
    summary: "Delete a vendor webhook endpoint and its deliveries.",
    body: vendorEndpointActionSchema,
  },
  {
    operationId: "listEvents",
    method: "GET",
    path: "/events",
    scope: "read",
    summary: "The audit trail as events; filter by customer, license, time.",
    query: eventListQuerySchema,
  },
  {
    operationId: "listReleases",
    method: "GET",
    path: "/releases",
    scope: "read",
    summary: "List releases, newest first; filter by product and channel.",
    query: releaseListQuerySchema,
  },
  {
    operationId: "createRelease",
    method: "POST",
    path: "/releases",
    scope: CATALOGUE,
    summary:
      "Draft a release of a product (semver version, channel, Markdown notes, required edition or feature). Upload its files with PUT /releases/{releaseId}/artifacts, then publish it.",
    body: createReleaseSchema,
    successStatus: 201,
  },
  {
    operationId: "getRelease",
    method: "GET",
    path: "/releases/{releaseId}",
    scope: "read",
    summary: "A release with its files (size, SHA-256, signed digest, download count).",
  },
  {
    operationId: "publishRelease",
    method: "POST",
    path: "/releases/{releaseId}/publish",
    scope: CATALOGUE,
    summary: "Publish a draft release that has files: entitled licenses see it and their opted-in owners hear of it.",
    body: releaseActionSchema,
  },
  {
    operationId: "yankRelease",
    method: "POST",
    path: "/releases/{releaseId}/yank",
    scope: CATALOGUE,
    summary: "Withdraw a published release: never latest again, downloadable only if it keeps yanked downloads.",
    body: releaseActionSchema,
  },
] as const satisfies readonly ManagementOperation[];

export type ManagementOperationId = (typeof MANAGEMENT_OPERATIONS)[number]["operationId"];

export const pathParamsOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

export interface MatchedOperation {
  operation: ManagementOperation & { operationId: ManagementOperationId };
  params: Record<string, string>;
}

/**
 * The operation a method and path (after MANAGEMENT_BASE_PATH, split into segments) name. A path
 * that exists with another method is `methodNotAllowed`, so the answer can be 405 with Allow.
 */
export function matchOperation(
  method: string,
  segments: readonly string[],
): MatchedOperation | { allowed: ManagementMethod[] } | null {
  const allowed: ManagementMethod[] = [];
  for (const operation of MANAGEMENT_OPERATIONS) {
    const template = operation.path.split("/").filter(Boolean);
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const isMatch = template.every((part, index) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name) params[name] = segments[index]!;
      return name !== undefined || part === segments[index];
    });
    if (!isMatch) continue;
    if (operation.method === method) return { operation, params };
    allowed.push(operation.method);
  }
  return allowed.length > 0 ? { allowed } : null;
}
