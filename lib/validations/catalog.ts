import { z } from "zod";
import { emailSchema } from "./members";
import { staffReasonSchema } from "./staff";
import { EXPIRY_STRATEGIES, OVERAGE_STRATEGIES, USAGE_PERIODS } from "@rekey/sdk";
import { MAX_BORROW_DAYS, meterCodeField } from "./api";
import { checkbox, staffLicenseActionSchema, wholeNumber } from "./support";

/** An edition's device transfer limit counts over a rolling month unless the vendor says otherwise. */
export const DEFAULT_TRANSFER_PERIOD_DAYS = 30;

/**
 * Vendor back office (issue 15): the catalogue (products, features, editions), customers and new
 * licenses. Every one is a staff write, so each carries the staff reason contract.
 */
const MAX_SEATS = 100_000;
const MAX_TERM_DAYS = 3650;

/** Codes end up in license files (`aud`, `entitlements`) and client code: lower-case, URL-safe. */
const code = (what: string, pattern: RegExp) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .toLowerCase()
    .min(2, `The ${what} has at least 2 characters.`)
    .max(40, `The ${what} has at most 40 characters.`)
    .regex(
      pattern,
      `Use lower-case letters, digits and dashes for the ${what}, starting with a letter or digit (like “studio-pro”).`,
    );

const displayName = (what: string) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(100, `Keep the ${what} under 100 characters.`);

const productId = z.uuid({ error: "Choose a product." });
const editionId = z.uuid({ error: "Choose an edition." });

/** A checkbox group posts nothing, one value, or several. */
const idList = (message: string) =>
  z.preprocess(
    (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.uuid({ error: message })).max(200, "Choose at most 200."),
  );

const USAGE_QUOTA_LINE = /^(\S+)\s*=\s*(\d{1,9})\s*(?:\/|per)\s*([a-z]+)$/i;
const MAX_QUOTA_AMOUNT = 1_000_000_000;

/**
 * Usage quotas (issue 18) as `meter = amount / period` lines (“exports = 10000 / month”), parsed
 * here so a bad line is a field error naming it.
 */
const usageQuotas = z
  .string()
  .max(2000, "Keep the usage quotas under 2000 characters.")
  .default("")
  .transform((text, context) => {
    const quotas: { meter: string; amount: number; period: (typeof USAGE_PERIODS)[number] }[] = [];
    const lines = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.length > 20) context.addIssue({ code: "custom", message: "At most 20 usage quotas." });
    for (const [index, line] of lines.entries()) {
      const match = USAGE_QUOTA_LINE.exec(line);
      const meter = meterCodeField.safeParse(match?.[1]);
      const amount = Number(match?.[2]);
      const period = USAGE_PERIODS.find((known) => known === match?.[3]?.toLowerCase());
      if (!match || !meter.success || !period || amount < 1 || amount > MAX_QUOTA_AMOUNT) {
        context.addIssue({
          code: "custom",
          message: `Line ${index + 1} is not “meter = amount / period” (meter like a feature code, amount 1–${MAX_QUOTA_AMOUNT}, period ${USAGE_PERIODS.join(", ")}).`,
        });
        return z.NEVER;
      }
      if (quotas.some((quota) => quota.meter === meter.data)) {
        context.addIssue({ code: "custom", message: `Line ${index + 1} repeats the meter “${meter.data}”.` });
        return z.NEVER;
      }
      quotas.push({ meter: meter.data, amount, period });
    }
    return quotas;
  });

/** Days of a term: empty means perpetual. */
const termDays = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? null : value),
  wholeNumber("term in days", 1, MAX_TERM_DAYS).nullable(),
);

export const catalogSearchSchema = z.object({
  q: z.string().trim().max(100, "Search for at most 100 characters.").catch("").default(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type CatalogSearchInput = z.infer<typeof catalogSearchSchema>;

export const createProductSchema = staffReasonSchema.extend({
  code: code("product code", /^[a-z0-9][a-z0-9-]*$/),
  name: displayName("product name"),
  description: z.string().trim().max(500, "Keep the description under 500 characters.").default(""),
});
export type CreateProductInput = z.infer<typeof createProductSchema>;

export const addFeatureSchema = staffReasonSchema.extend({
  productId,
  code: code("feature code", /^[a-z0-9][a-z0-9._-]*$/),
  name: displayName("feature name"),
});
export type AddFeatureInput = z.infer<typeof addFeatureSchema>;

export const createEditionSchema = staffReasonSchema.extend({
  productId,
  code: code("edition code", /^[a-z0-9][a-z0-9-]*$/),
  name: displayName("edition name"),
  featureIds: idList("That is not one of this product's features."),
  defaultSeats: wholeNumber("default number of seats", 1, MAX_SEATS),
  defaultTermDays: termDays,
  defaultOfflineGraceDays: wholeNumber("offline grace in days", 0, 365),
  /** Sign this edition's license files with a key of its own (scope `product:…/edition:…`). */
  hasOwnSigningKey: checkbox,
  /** Licensing model (issue 18): seats bound to devices, or concurrent leases any machine may take. */
  seatModel: z
    .enum(["device", "floating", "user"], { error: "Choose how seats are counted: device, floating or named user." })
    .default("device"),
  /**
   * Named users: validation accepts only a seat holder's token, not a bare email (lib/seats/seat-token.ts).
   * The admin form ticks it for a new edition; over the API it is opt-in, as an omitted checkbox is.
   */
  requireSeatToken: checkbox,
  floatingLeaseMinutes: wholeNumber("floating lease length in minutes", 1, 1440).default(15),
  /** 0: borrowing is off. */
  maxBorrowDays: wholeNumber("longest borrowing in days", 0, MAX_BORROW_DAYS).default(0),
  /** Device transfer limit (issue 18): moves of a seat to another device per period; empty: unlimited. */
  maxDeviceTransfers: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? null : value),
    wholeNumber("number of device transfers", 0, 1000).nullable().default(null),
  ),
  deviceTransferPeriodDays: wholeNumber("device transfer period in days", 1, 365).default(DEFAULT_TRANSFER_PERIOD_DAYS),
  usageQuotas,
  /** What a record past a usage quota gets (issue 18): refused, tolerated up to 1.25×, or allowed and reported. */
  overageStrategy: z.enum(OVERAGE_STRATEGIES, { error: "Choose what happens past a usage quota." }).default("none"),
  /** What its licenses do once expired past the grace (issue 18). */
  expiryStrategy: z
    .enum(EXPIRY_STRATEGIES, { error: "Choose what happens after expiry." })
    .default("revoke_after_grace"),
  /** Under `restrict`: which of the granted features keep working. */
  featureIdsAfterExpiry: idList("That is not one of this product's features."),
});
export type CreateEditionInput = z.infer<typeof createEditionSchema>;

/** Named-user editions: require seat tokens, after creation too (issue 18). Omitted is off, as an unticked box. */
export const setEditionSeatTokensSchema = staffReasonSchema.extend({
  editionId,
  requireSeatToken: checkbox,
});
export type SetEditionSeatTokensInput = z.infer<typeof setEditionSeatTokensSchema>;

export const createCustomerSchema = staffReasonSchema.extend({
  name: z
    .string({ error: "Enter the organization's name." })
    .trim()
    .min(2, "Enter the organization's name (at least 2 characters).")
    .max(100, "Keep the name under 100 characters."),
  ownerEmail: emailSchema,
});
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;

const METADATA_LINE = /^([A-Za-z0-9_.-]{1,40})\s*=\s*(.{0,200})$/;

/**
 * The vendor's own references as `key = value` lines (order number, CRM id). Parsed here so a bad
 * line is a field error naming it, not a surprise in storage.
 */
const metadata = z
  .string()
  .max(4000, "Keep the metadata under 4000 characters.")
  .default("")
  .transform((text, context) => {
    const entries: [string, string][] = [];
    const lines = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.length > 20) context.addIssue({ code: "custom", message: "At most 20 metadata entries." });
    for (const [index, line] of lines.entries()) {
      const match = METADATA_LINE.exec(line);
      if (!match) {
        context.addIssue({
          code: "custom",
          message: `Line ${index + 1} is not “key = value” (key: letters, digits, “_”, “.”, “-”).`,
        });
        return z.NEVER;
      }
      entries.push([match[1]!, match[2]!.trim()]);
    }
    // fromEntries defines own properties, so a key like `__proto__` is kept as data, not a prototype.
    return Object.fromEntries(entries) as Record<string, string>;
  });

export const createLicenseSchema = staffReasonSchema.extend({
  orgId: z.uuid({ error: "That is not an organization id." }),
  editionId,
  seats: wholeNumber("number of seats", 1, MAX_SEATS),
  /** Empty: perpetual. */
  termDays,
  offlineGraceDays: wholeNumber("offline grace in days", 0, 365),
  metadata,
  notes: z.string().trim().max(2000, "Keep the notes under 2000 characters.").default(""),
});
export type CreateLicenseInput = z.infer<typeof createLicenseSchema>;

/** Upgrade or downgrade: another edition of the same product. */
export const changeLicenseEditionSchema = staffLicenseActionSchema.extend({ editionId });
export type ChangeLicenseEditionInput = z.infer<typeof changeLicenseEditionSchema>;

export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is incomplete.");
