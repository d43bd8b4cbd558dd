import { z } from "zod";
import { ACTIVATION_PIN_MODES, PIN_MIN_LENGTH } from "./choices";
import { staffReasonSchema } from "./staff";

export { ACTIVATION_PIN_MODES, activationPinModeLabels, PIN_MIN_LENGTH } from "./choices";

/** License lifecycle forms: trial conversion and the enterprise license PIN. */
const licenseId = z.uuid({ error: "That is not a license id." });

const pin = z
  .string({ error: "Enter a PIN or passphrase." })
  .min(PIN_MIN_LENGTH, `Use at least ${PIN_MIN_LENGTH} characters.`)
  .max(128, "Use at most 128 characters.");
const mode = z.enum(ACTIVATION_PIN_MODES, { error: "Choose when the PIN is asked." });

export const setActivationPinSchema = z
  .object({ licenseId, pin, confirmPin: z.string({ error: "Enter the PIN again." }), mode })
  .refine((input) => input.pin === input.confirmPin, {
    path: ["confirmPin"],
    message: "The two entries do not match.",
  });

export const clearActivationPinSchema = z.object({ licenseId });

/** Staff set or clear a customer's PIN: `pin` empty means clear. */
export const staffActivationPinSchema = staffReasonSchema.extend({
  licenseId,
  pin: z.preprocess((value) => (value === "" ? undefined : value), pin.optional()),
  mode,
});

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const convertTrialSchema = staffReasonSchema.extend({
  licenseId,
  editionId: z.uuid({ error: "Choose the paid edition." }),
  seats: z.coerce
    .number({ error: "Enter the number of seats." })
    .int("Whole seats only.")
    .min(1, "At least one seat.")
    .max(100_000, "At most 100,000 seats."),
  /** The last day of the paid term (UTC, end of day); empty for a perpetual license. */
  expiresOn: z
    .string()
    .trim()
    .refine(
      (value) => value === "" || (DAY_PATTERN.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))),
      "Enter a date like 2027-12-31, or leave it empty for no end.",
    )
    .transform((value) => (value === "" ? null : new Date(`${value}T23:59:59Z`))),
  overlapMinutes: z.coerce
    .number({ error: "Choose how long the trial key keeps working." })
    .int()
    .min(0)
    .max(90 * 24 * 60, "The overlap is at most 90 days."),
});

/** `?page=N` on staff lists; anything unreadable is the first page. */
export const pageSchema = z.object({ page: z.coerce.number().int().min(1).catch(1).default(1) });

const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const STATUS_COMPONENT_CHOICES = ["api", "portal", "database", "worker", "notifications", "signing"] as const;
const incidentMessage = z
  .string({ error: "Write the update customers will read." })
  .trim()
  .min(10, "Write at least 10 characters customers can act on.")
  .max(2000, "Keep the update under 2,000 characters.");

export const createIncidentSchema = staffReasonSchema.extend({
  title: z
    .string({ error: "Enter a title." })
    .trim()
    .min(5, "Use at least 5 characters.")
    .max(120, "Keep the title under 120 characters."),
  impact: z.enum(["minor", "major", "critical"], { error: "Choose the impact." }),
  components: z.preprocess(
    asArray,
    z
      .array(z.enum(STATUS_COMPONENT_CHOICES, { error: "Choose affected components from the list." }))
      .min(1, "Choose at least one affected component."),
  ),
  message: incidentMessage,
});

export const incidentUpdateSchema = staffReasonSchema.extend({
  incidentId: z.uuid({ error: "That is not an incident id." }),
  state: z.enum(["investigating", "identified", "monitoring", "resolved"], { error: "Choose the incident's state." }),
  message: incidentMessage,
});

export const statusSubscribeSchema = z.object({
  email: z.email({ error: "Enter a valid email address." }).max(254, "That address is too long."),
});

export const statusConfirmSchema = z.object({ token: z.string().min(20, "This link is incomplete.").max(200) });
export const statusUnsubscribeSchema = z.object({
  s: z.uuid({ error: "This link is incomplete." }),
  token: z.string().regex(/^[0-9a-f]{64}$/, "This link is incomplete."),
});
