import { formatDateTime } from "@/lib/time/format";

/**
 * Every audit event as a sentence a customer or a support engineer reads without a glossary
 * (issue 16, item 6): "alice@acme.test rotated the key; the old key keeps working until 15 Dec
 * 2026, 02:00 CET". This table is the list of event types Rekey writes: `AuditEventInput.action`
 * is typed by its keys, so an event type without a sentence does not compile.
 *
 * A sentence is text with the points in time left as dates: the server builds it from the event,
 * so the browser gets the sentence and never the event's data, and the page writes each time in
 * the viewer's zone (components/audit/audit-sentence.tsx, lib/time/format.ts). Sentences carry no
 * free text: the list shows a reason beside them, already filtered for the viewer
 * (lib/audit/customer-view.ts).
 */

/** A piece of a sentence: words, or a point in time the reader sees in their own zone. */
export type SentencePart = string | Date;

/** What a sentence may use: who acted, the event's data, and its times. */
interface SentenceParts {
  who: string;
  data: Record<string, unknown>;
  /** A time from the event's data, or null when the field is absent. */
  time: (field: string) => Date | null;
  /** A short text value from the event's data (a name, a key prefix), or `fallback`. */
  text: (field: string, fallback: string) => string;
}

type Sentence = (parts: SentenceParts) => string | SentencePart[];

const until = (time: Date | null): SentencePart[] => (time ? [" until ", time] : []);
const on = (time: Date | null): SentencePart[] => (time ? [" on ", time] : []);
const device = ({ text }: SentenceParts) => `device “${text("name", "unnamed")}”`;
const key = ({ text }: SentenceParts) => `key ${text("prefix", "")}`.trimEnd();
const turnedOnOff = (data: Record<string, unknown>, field: string) => (data[field] ? "turned on" : "turned off");

export const AUDIT_EVENT_SENTENCES = {
  // Licenses
  "license.created": ({ who }) => `${who} created the license`,
  "license.active": ({ who }) => `${who} made the license active`,
  "license.suspended": ({ who }) => `${who} suspended the license; its keys stop validating until it is resumed`,
  "license.resumed": ({ who }) => `${who} resumed the license; its keys validate again`,
  "license.reinstated": ({ who }) => `${who} reinstated the license`,
  "license.revoking": ({ who, time }) => [
    `${who} revoked the license; it stops working`,
    ...on(time("revokesAt")),
    " unless an owner undoes it first",
  ],
  "license.revocation_undone": ({ who }) => `${who} undid the license's revocation; it keeps working`,
  "license.revoked": ({ who }) => `${who} revoked the license for good; its keys no longer validate`,
  "license.expired": ({ who }) => `${who} recorded that the license expired`,
  "license.expiry_extended": ({ who, time }) => [`${who} extended the license`, ...until(time("expiresAt"))],
  "license.expiry_shortened": ({ who, time }) => [`${who} shortened the license's term`, ...until(time("expiresAt"))],
  "license.term_ended": ({ who, time }) => [
    `${who} ended the license's term early`,
    ...on(time("to")),
    "; the edition's expiry strategy applies from then",
  ],
  "license.seats_changed": ({ who, data }) =>
    typeof data.to === "number" ? `${who} changed the seats to ${data.to}` : `${who} changed the number of seats`,
  "license.edition_changed": ({ who }) => `${who} changed the license's edition`,
  "license.trial_converted": ({ who }) => `${who} turned the trial into a paid license`,
  "license.payment_failed": ({ who }) => `${who} recorded a failed payment for the license`,
  "license.subscription_ended": ({ who }) => `${who} recorded that the subscription ended`,
  "license.activation_pin_set": ({ who }) => `${who} set a PIN that new devices must enter to activate`,
  "license.activation_pin_cleared": ({ who }) => `${who} removed the license PIN`,
  "license_file.downloaded": ({ who }) => `${who} downloaded a signed license file`,

  // License keys
  "license_key.issued": (parts) => `${parts.who} issued ${key(parts)}`,
  "license_key.pending": (parts) => `${parts.who} prepared the new ${key(parts)}; it is ready to download`,
  "license_key.active": (parts) => `${parts.who} made ${key(parts)} the license's active key`,
  "license_key.retiring": (parts) => [
    `${parts.who} replaced ${key(parts)}; the old key keeps working`,
    ...until(parts.time("retiresAt")),
  ],
  "license_key.retired": (parts) => `${parts.who} retired ${key(parts)}; it no longer validates`,
  "license_key.revoked": (parts) => `${parts.who} revoked ${key(parts)}; it stopped working at once`,
  "license_key.revealed": (parts) => `${parts.who} revealed ${key(parts)}`,
  "license_key.copied": (parts) => `${parts.who} copied ${key(parts)}`,
  "license_key.reissued": ({ who }) => `${who} reissued the license key`,
  "license_key.exchanged": ({ who, text }) =>
    `${who} exchanged key ${text("fromPrefix", "")} for its successor ${text("toPrefix", "")}`.replace(/ {2,}/g, " "),

  // Rotations
  "rotation.planned": ({ who }) => `${who} planned a key rotation`,
  "rotation.notified": ({ who }) => `${who} sent the notice of the coming key rotation`,
  "rotation.issued": ({ who }) => `${who} issued the new key; it is ready to download`,
  "rotation.overlapping": ({ who, time }) => [
    `${who} rotated the key; the old key keeps working`,
    ...until(time("overlapEndsAt")),
  ],
  "rotation.completed": ({ who }) => `${who} completed the key rotation; only the new key works now`,
  "rotation.cancelled": ({ who }) => `${who} cancelled a planned key rotation`,
  "rotation.rolled_back": ({ who }) => `${who} rolled the key rotation back; the previous key works again`,
  "rotation.failed": ({ who }) => `The key rotation failed (${who}); the current key keeps working`,
  "rotation.postponed": ({ who, time }) => [
    `${who} postponed the key rotation`,
    ...(time("to") ? [" to ", time("to")!] : []),
  ],
  "rotation.postponement_undone": ({ who, time }) => [
    `${who} undid the postponement of the key rotation`,
    ...(time("to") ? [" and moved it back to ", time("to")!] : []),
  ],
  "rotation.rescheduled": ({ who, time }) => [
    `${who} moved the key rotation`,
    ...(time("to") ? [" to ", time("to")!] : []),
  ],
  "rotation.brought_forward": ({ who }) => `${who} rotated the key now instead of waiting for the planned date`,
  "rotation.feedback_given": ({ who }) => `${who} told us how the key rotation went`,
  "rotation.feedback_dismissed": ({ who }) => `${who} dismissed the question about the key rotation`,
  "rotation_preferences.updated": ({ who }) => `${who} changed when and how the keys rotate`,
  "rotation_policy.versioned": ({ who }) => `${who} saved a new version of the rotation policy`,
  "rotation_policy.restored": ({ who, data }) =>
    `${who} restored version ${String(data.restoredVersion ?? "")} of the rotation policy as a new version`,
  "freeze_period.added": ({ who }) => `${who} added a period in which no key rotates`,
  "freeze_period.removed": ({ who }) => `${who} removed a period in which no key rotates`,

  // Bulk rotations
  "bulk_rotation.requested": ({ who }) => `${who} asked to rotate many licenses' keys at once`,
  "bulk_rotation.start": ({ who }) => `${who} asked for approval to start a bulk rotation`,
  "bulk_rotation.rotations_planned": ({ who }) => `${who} planned the rotations of a bulk rotation`,
  "bulk_rotation.wave_started": ({ who }) => `${who} started the next wave of a bulk rotation`,
  "bulk_rotation.awaiting_approval": ({ who }) => `${who} put a bulk rotation up for approval`,
  "bulk_rotation.running": ({ who }) => `${who} started a bulk rotation`,
  "bulk_rotation.paused": ({ who }) => `${who} paused a bulk rotation`,
  "bulk_rotation.halted": ({ who }) => `${who} halted a bulk rotation because too many rotations failed`,
  "bulk_rotation.completed": ({ who }) => `${who} completed a bulk rotation`,
  "bulk_rotation.cancelled": ({ who }) => `${who} cancelled a bulk rotation`,
  "bulk_rotation.rejected": ({ who }) => `${who} rejected a bulk rotation`,

  // Devices
  "device.activated": (parts) => `${parts.who} activated ${device(parts)}`,
  "device.reactivated": (parts) => `${parts.who} reactivated ${device(parts)}`,
  "device.inactive": (parts) => `${device(parts)} missed its check-ins, so its seat was freed (${parts.who})`,
  "device.deactivated": (parts) => `${parts.who} deactivated ${device(parts)}; its seat is free`,
  "device.renamed": ({ who, text }) =>
    `${who} renamed device “${text("from", "unnamed")}” to “${text("to", "unnamed")}”`,
  "device.activation_pin_refused": ({ who }) => `${who} tried to activate a device with a wrong PIN; it was refused`,
  "license_seat.assigned": ({ who, text }) => `${who} assigned a seat of this license to ${text("email", "a member")}`,
  "license_seat.token_revealed": ({ who }) => `${who} copied their seat token of this license for their software`,
  "license_seat.unassigned": ({ who, text }) =>
    `${who} took back the seat of this license held by ${text("email", "a former member")}`,
  "license_key_sign_in.requested": ({ who }) => `${who} asked for a code to sign in to this license with its key`,
  "license_key_sign_in.succeeded": ({ who }) => `${who} signed in to this license with its key and an emailed code`,
  "license_key_sign_in.failed": ({ who }) =>
    `${who} entered a wrong, expired or used code to sign in to this license with its key`,
  "device.transfers_waived": ({ who }) =>
    `${who} granted an exception to the transfer limit: earlier device transfers and seat reassignments no longer count`,
  "device_policy.updated": ({ who }) => `${who} changed the device rules`,
  "device_anomaly.raised": ({ who }) => `${who} flagged unusual use of a key (many devices or networks)`,
  "device_anomaly.resolved": ({ who }) => `${who} marked unusual key use as resolved`,
  "floating_lease.checked_out": ({ who, text }) => `${who} took a floating seat for ${text("holderName", "a client")}`,
  "floating_lease.borrowed": ({ who, text, time }) => [
    `${who} borrowed a floating seat for offline use on ${text("holderName", "a client")}`,
    ...until(time("expiresAt")),
  ],
  "floating_lease.released": ({ who, text }) =>
    `${who} released the floating seat held by ${text("holderName", "a client")}; it is free again`,

  // Notifications
  "channel.added": ({ who, text }) => `${who} added the notification channel ${text("target", "")}`.trimEnd(),
  "channel.verified": ({ who, text }) => `${who} verified the notification channel ${text("target", "")}`.trimEnd(),
  "channel.removed": ({ who, text }) => `${who} removed the notification channel ${text("target", "")}`.trimEnd(),
  "channel.license_choice_changed": ({ who }) => `${who} chose which channels notify about this license`,
  "delivery.resent": ({ who }) => `${who} sent a notification again`,
  "delivery.retried": ({ who }) => `${who} retried a notification that had given up`,
  "channel.tested": ({ who, text }) => `${who} sent a test event to the webhook ${text("target", "")}`.trimEnd(),

  // Organizations and people
  "org.created": ({ who }) => `${who} created the organization`,
  "org.stripe_customer_linked": ({ who }) => `${who} linked the organization to its billing account`,
  "org.second_factor_policy_changed": ({ who, data }) =>
    `${who} ${turnedOnOff(data, "requireSecondFactorForKeys")} two-step verification for license keys`,
  "org.key_action_delegation_changed": ({ who, data }) =>
    `${who} ${data.membersMayManageKeys ? "allowed" : "stopped allowing"} members to manage keys`,
  "member.invited": ({ who, text }) => `${who} invited ${text("email", "a member")}`,
  "member.removed": ({ who, text }) => `${who} removed ${text("email", "a member")} from the organization`,
  "org.domain_added": ({ who, text }) => `${who} claimed the email domain ${text("domain", "")}`.trimEnd(),
  "org.domain_verified": ({ who, text }) =>
    `${who} proved the organization owns the email domain ${text("domain", "")}`.trimEnd(),
  "org.sso_connected": ({ who, text }) => `${who} connected the identity provider ${text("issuer", "")}`.trimEnd(),
  "org.sso_requirement_changed": ({ who, data }) =>
    `${who} ${data.isSsoRequired ? "required" : "stopped requiring"} single sign-on for the organization's domains`,
  "org.sso_reset": ({ who }) => `${who} removed the organization's single sign-on set-up`,
  "org.scim_token_rotated": ({ who, text }) => `${who} made a new SCIM token ${text("prefix", "")}`.trimEnd(),
  "member.provisioned": ({ who, text }) =>
    `${who} added ${text("email", "a member")} from the organization's directory`,
  "member.deprovisioned": ({ who, text }) =>
    `${who} removed ${text("email", "a member")} by the organization's directory; their sessions ended and their tokens were revoked`,
  "member.joined_by_sso": ({ who }) => `${who} joined the organization by signing in through its identity provider`,
  "second_factor.enrolled": ({ who }) => `${who} turned on an authenticator app`,
  "second_factor.disabled": ({ who }) => `${who} turned off their authenticator app`,
  "second_factor.verified": ({ who }) => `${who} confirmed a sign-in with their authenticator app`,
  "second_factor.recovery_code_used": ({ who }) => `${who} signed in with a recovery code`,
  "second_factor.recovery_codes_regenerated": ({ who }) => `${who} made a new set of recovery codes`,
  "second_factor.reset": ({ who, text }) => `${who} reset the two-step verification of ${text("email", "a member")}`,
  "second_factor.passkey_removed": ({ who }) => `${who} removed a passkey`,
  "audit.exported": ({ who }) => `${who} downloaded the verifiable audit export`,

  // Staff and the vendor's side
  "staff.role_granted": ({ who }) => `${who} granted a staff role`,
  "staff.passkey_requirement_changed": ({ who, data }) =>
    `${who} ${data.isRequired ? "required" : "stopped requiring"} a passkey for a staff member`,
  "approval.requested": ({ who }) => `${who} asked a second staff member to approve an action`,
  "approval.pending": ({ who }) => `${who} opened an approval request`,
  "approval.approved": ({ who }) => `${who} approved the request`,
  "approval.rejected": ({ who }) => `${who} rejected the request`,
  "approval.expired": ({ who }) => `The approval request expired before anyone decided (${who})`,
  "approval.executed": ({ who }) => `${who} carried out the approved action`,
  "offboarding.scheduled": ({ who, time }) => [
    `${who} scheduled the end of this customer's access`,
    ...(time("endsAt") ? [" on ", time("endsAt")!] : []),
  ],
  "offboarding.cancelled": ({ who }) => `${who} cancelled the scheduled end of this customer's access`,
  "offboarding.completed": ({ who }) =>
    `${who} ended this customer's access: licenses ended, members signed out, API tokens deleted`,
  "four_eyes_policy.versioned": ({ who, data }) => {
    const changes = Array.isArray(data.changes) ? data.changes.filter((change) => typeof change === "string") : [];
    return changes.length > 0
      ? `${who} changed the approval policy: ${changes.join("; ")}`
      : `${who} changed which staff actions need a second person's approval`;
  },
  "signing_key.generated": ({ who }) => `${who} generated a signing key`,
  "signing_key.revoke": ({ who }) => `${who} asked to revoke a signing key`,
  "signing_key.pending": ({ who }) => `${who} published a new signing key`,
  "signing_key.active": ({ who }) => `${who} made a signing key active`,
  "signing_key.retiring": ({ who }) => `${who} began retiring a signing key; it still verifies`,
  "signing_key.retired": ({ who }) => `${who} retired a signing key`,
  "signing_key.revoked": ({ who }) => `${who} revoked a signing key`,
  "signing_key.rotation_held": ({ who }) => `${who} held the scheduled rotation of a signing key`,
  "signing_key.rotation_released": ({ who }) => `${who} let a signing key's scheduled rotation go ahead`,
  "master_key.rewrapped": ({ who }) => `${who} re-sealed the secrets under the current master key`,
  "product.created": ({ who }) => `${who} created a product`,
  "edition.created": ({ who }) => `${who} created an edition`,
  "edition.seat_tokens_changed": ({ who, data }) =>
    `${who} ${turnedOnOff(data, "requireSeatToken")} “require seat tokens” for an edition`,
  "feature.created": ({ who }) => `${who} created a feature`,
  "release.created": ({ who, text }) => `${who} drafted release ${text("version", "")}`.trimEnd(),
  "release.draft": ({ who, text }) => `${who} put release ${text("version", "")} back to draft`,
  "release.published": ({ who, text }) =>
    `${who} published release ${text("version", "")}; entitled customers can download it`,
  "release.yanked": ({ who, text }) => `${who} withdrew release ${text("version", "")}; it is no longer offered`,
  "release_notices.subscribed": ({ who }) => `${who} asked to be told of new releases for this license`,
  "release_notices.unsubscribed": ({ who }) => `${who} stopped the new-release emails for this license`,
  "release_artifact.uploaded": ({ who, text }) => `${who} uploaded ${text("fileName", "a file")} to a release`,
  "release_artifact.downloaded": ({ who, text }) =>
    `${who} downloaded release ${text("version", "")} for ${text("platform", "a platform")}`,
  "api_token.created": ({ who }) => `${who} created an API token`,
  "api_token.rolled": ({ who }) => `${who} rolled an API token`,
  "api_token.revoked": ({ who }) => `${who} revoked an API token`,
  "vendor_webhook.created": ({ who }) => `${who} added a vendor webhook`,
  "vendor_webhook.deleted": ({ who }) => `${who} deleted a vendor webhook`,
  "vendor_webhook.events_changed": ({ who }) => `${who} changed the events a vendor webhook receives`,
  "vendor_webhook.secret_rolled": ({ who }) => `${who} rolled a vendor webhook's signing secret`,
  "vendor_webhook.disabled": ({ who }) => `${who} paused a vendor webhook`,
  "vendor_webhook.enabled": ({ who }) => `${who} resumed a vendor webhook`,
  "vendor_webhook.tested": ({ who }) => `${who} sent a test event to a vendor webhook`,
  "vendor_webhook.delivery_resent": ({ who }) => `${who} sent a vendor webhook delivery again`,
  "billing.stripe_secret_saved": ({ who }) => `${who} saved the Stripe webhook secret`,
  "billing.stripe_price_mapped": ({ who }) => `${who} linked a Stripe price to an edition`,
  "billing.stripe_price_unmapped": ({ who }) => `${who} unlinked a Stripe price from its edition`,
  "billing.stripe_event_refused": ({ who }) => `${who} refused a Stripe event it could not apply`,
  "status_incident.created": ({ who }) => `${who} posted a status incident`,
  "status_incident.updated": ({ who }) => `${who} updated a status incident`,
  "status_incident.resolved": ({ who }) => `${who} resolved a status incident`,
  "status_subscriber.requested": ({ who }) => `${who} asked to be told about status incidents`,
  "status_subscriber.confirmed": ({ who }) => `${who} confirmed a status subscription`,
  "status_subscriber.removed": ({ who }) => `${who} removed a status subscription`,
} satisfies Record<string, Sentence>;

/** Every event type Rekey writes to the audit trail. */
export type AuditAction = keyof typeof AUDIT_EVENT_SENTENCES;

export interface SentenceEvent {
  action: string;
  actorType: string;
  actorLabel: string;
  data: unknown;
}

/** "Rekey" for the worker and the vendor's systems, "Client software" for the public API, else the person. */
function actorName({ actorType, actorLabel }: SentenceEvent): string {
  if (actorType === "system") return "Rekey";
  if (actorType === "api") return "Client software";
  return actorLabel;
}

function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_EVENT_SENTENCES, action);
}

/**
 * The event as a sentence. An event type no longer written (rows from an older version) still
 * reads as "who: what", never as a crash.
 */
export function describeAuditEvent(event: SentenceEvent): SentencePart[] {
  const data = (event.data && typeof event.data === "object" ? event.data : {}) as Record<string, unknown>;
  const who = actorName(event);
  if (!isAuditAction(event.action)) return [`${who}: ${event.action.replaceAll(/[._]/g, " ")}`];
  const time = (field: string) => {
    const value = data[field];
    const date = typeof value === "string" || value instanceof Date ? new Date(value) : null;
    return date && !Number.isNaN(date.getTime()) ? date : null;
  };
  const text = (field: string, fallback: string) => {
    const value = data[field];
    return typeof value === "string" && value.length > 0 ? value : fallback;
  };
  const sentence = AUDIT_EVENT_SENTENCES[event.action]({ who, data, time, text });
  return typeof sentence === "string" ? [sentence] : sentence;
}

/** The sentence as plain text with its times in `timeZone` (CSV exports, tests). */
export function sentenceText(parts: readonly SentencePart[], timeZone: string): string {
  return parts.map((part) => (typeof part === "string" ? part : formatDateTime(part, timeZone))).join("");
}
