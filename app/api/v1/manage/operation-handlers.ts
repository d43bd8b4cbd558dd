/**
 * What each management API operation calls: exactly one lib use case (the same the admin view
 * uses), with the token's staff context. The answer is the resource as it now stands.
 */
import {
  endLicenseTermAsStaff,
  extendLicenseAsStaff,
  revokeLicenseAsStaff,
  type StaffActionOutcome,
} from "@/lib/approvals";
import { appServices } from "@/lib/config/server";
import type { StaffCtx } from "@/lib/context";
import { addFeature, createEdition, createProduct, getProduct, setEditionSeatTokens } from "@/lib/catalog";
import { deactivateDevices } from "@/lib/devices";
import {
  changeLicenseEdition,
  changeLicenseSeats,
  createLicense,
  getLicense,
  resumeLicense,
  suspendLicense,
} from "@/lib/licensing";
import { listCustomersPage, listEditionsPage, listProductsPage } from "@/lib/management/list-catalogue-pages";
import { listDevicesPage, listEventsPage, listRotationsPage } from "@/lib/management/list-license-activity-pages";
import { listLicensesPage } from "@/lib/management/list-licenses-page";
import { listVendorEndpointsPage } from "@/lib/management/list-vendor-endpoints-page";
import type { ManagementOperationId, PendingApprovalAnswer } from "@/lib/management/operations";
import { createVendorEndpoint, deleteVendorEndpoint } from "@/lib/notify/vendor-webhooks";
import { createCustomer, findOrganization, listMembers } from "@/lib/orgs";
import { reissueLicenseKey } from "@/lib/rotation";
import { createRelease, findRelease, publishRelease, yankRelease } from "@/lib/releases";
import { listReleasesPage } from "@/lib/management/list-releases-page";

// biome-ignore lint/suspicious/noExplicitAny: each handler's input was parsed by its operation's schema (lib/management/operations.ts)
type Input = any;
type Handler = (ctx: StaffCtx, input: Input, params: Record<string, string>) => Promise<unknown>;

const withKeySecrets = () => ({ ...appServices().noticeDeps(), secrets: appServices().keySecrets() });

/** A 202 answer: the four-eyes policy held the action (the route answers it with that status). */
export class AwaitingApproval {
  constructor(readonly answer: PendingApprovalAnswer) {}
}

const approvalDeps = () => ({
  ...appServices().noticeDeps(),
  approvalTtlHours: appServices().env.REKEY_APPROVAL_TTL_HOURS,
});

/**
 * A change the four-eyes policy may hold (issue 22): a token acts as the admin who made it, so it
 * goes through the same policy as that admin in the admin view, never around it.
 */
async function thenLicenseOrPending(change: Promise<StaffActionOutcome<unknown>>, ctx: StaffCtx, licenseId: string) {
  const outcome = await change;
  if (!outcome.isAwaitingApproval) return getLicense(ctx, licenseId);
  return new AwaitingApproval({
    status: "awaiting_approval",
    approvalId: outcome.approvalId,
    expiresAt: outcome.expiresAt.toISOString(),
    detail: "The approval policy holds this for a second staff member; nothing changed yet.",
  });
}

/** A change answered with the license as it stands afterwards. */
async function thenLicense(change: Promise<unknown>, ctx: StaffCtx, licenseId: string) {
  await change;
  return getLicense(ctx, licenseId);
}

export const OPERATION_HANDLERS: Record<ManagementOperationId, Handler> = {
  listProducts: (ctx, query) => listProductsPage(ctx, query),
  createProduct: (ctx, input) => createProduct(ctx, input),
  getProduct: (ctx, _, { productId }) => getProduct(ctx, productId!),
  addFeature: (ctx, input) => addFeature(ctx, input),
  listEditions: (ctx, query) => listEditionsPage(ctx, query),
  createEdition: (ctx, input) => createEdition(ctx, input, { ring: appServices().keySecrets().ring }),
  updateEdition: async (ctx, input) => {
    const { edition, holdersWithoutToken } = await setEditionSeatTokens(ctx, input);
    return { ...edition, holdersWithoutToken };
  },
  listCustomers: (ctx, query) => listCustomersPage(ctx, query),
  createCustomer: async (ctx, input) => {
    const { orgId } = await createCustomer(ctx, input, appServices().noticeDeps());
    return customerOf(ctx, orgId);
  },
  getCustomer: (ctx, _, { orgId }) => customerOf(ctx, orgId!),
  listLicenses: (ctx, query) => listLicensesPage(ctx, query),
  createLicense: async (ctx, input) => getLicense(ctx, (await createLicense(ctx, input, withKeySecrets())).licenseId),
  getLicense: (ctx, _, { licenseId }) => getLicense(ctx, licenseId!),
  updateLicense: (ctx, input) =>
    thenLicense(changeLicenseSeats(ctx, input, appServices().noticeDeps()), ctx, input.licenseId),
  suspendLicense: (ctx, input) =>
    thenLicense(suspendLicense(ctx, input, appServices().noticeDeps()), ctx, input.licenseId),
  reinstateLicense: (ctx, input) =>
    thenLicense(resumeLicense(ctx, input, appServices().noticeDeps()), ctx, input.licenseId),
  revokeLicense: (ctx, input) =>
    thenLicenseOrPending(revokeLicenseAsStaff(ctx, input, approvalDeps()), ctx, input.licenseId),
  extendLicense: (ctx, input) =>
    thenLicenseOrPending(extendLicenseAsStaff(ctx, input, approvalDeps()), ctx, input.licenseId),
  endLicenseTerm: (ctx, input) =>
    thenLicenseOrPending(endLicenseTermAsStaff(ctx, input, approvalDeps()), ctx, input.licenseId),
  changeLicenseEdition: (ctx, input) =>
    thenLicense(changeLicenseEdition(ctx, input, appServices().noticeDeps()), ctx, input.licenseId),
  reissueLicenseKey: (ctx, input) => reissueLicenseKey(ctx, input, withKeySecrets()),
  listDevices: async (ctx, query, { licenseId }) => {
    await getLicense(ctx, licenseId!); // 404 for a license the token cannot see
    return listDevicesPage(ctx, licenseId!, query);
  },
  deactivateDevice: (ctx, input) =>
    deactivateDevices(ctx, {
      licenseId: input.licenseId,
      deviceIds: [input.deviceId],
      reason: input.reason,
      reasonCategory: input.reasonCategory,
    }),
  listRotations: async (ctx, query, { licenseId }) => {
    await getLicense(ctx, licenseId!); // 404 for a license the token cannot see
    return listRotationsPage(ctx, licenseId!, query);
  },
  scheduleRotation: (ctx, input) => reissueLicenseKey(ctx, input, withKeySecrets()),
  listWebhookEndpoints: (ctx, query) => listVendorEndpointsPage(ctx, query),
  createWebhookEndpoint: async (ctx, input) => {
    const { endpointId, url, secret } = await createVendorEndpoint(ctx, input, {
      ring: appServices().keySecrets().ring,
      outgoing: appServices().outgoingHttp,
    });
    return { id: endpointId, url, eventTypes: input.eventTypes, secret };
  },
  deleteWebhookEndpoint: async (ctx, input) => ({
    id: (await deleteVendorEndpoint(ctx, input)).endpointId,
    isDeleted: true,
  }),
  listEvents: (ctx, query) => listEventsPage(ctx, query),
  listReleases: (ctx, query) => listReleasesPage(ctx, query),
  createRelease: async (ctx, input) => findRelease(ctx.db, (await createRelease(ctx, input)).id),
  getRelease: (ctx, _, { releaseId }) => findRelease(ctx.db, releaseId!),
  publishRelease: (ctx, input) => publishRelease(ctx, input, appServices().noticeDeps()),
  yankRelease: (ctx, input) => yankRelease(ctx, input),
};

async function customerOf(ctx: StaffCtx, orgId: string) {
  const org = await findOrganization(ctx, orgId);
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    createdAt: org.createdAt,
    members: await listMembers({ db: ctx.db, orgId: org.id }),
  };
}
