/**
 * An email as Rekey composes it: who, a subject, and which template with which facts. The outbox
 * keeps exactly this (JSON), so a retry or the dev mailbox renders the current template from the
 * same facts. Rendering to HTML and text happens outside `lib/` (the React templates in `emails/`),
 * injected as an `EmailRenderer` where the mailer is configured. Dates are ISO strings and links
 * may be portal paths: the renderer resolves them against the public URL.
 */
export type LicenseNoticeKind =
  | "suspended"
  | "resumed"
  | "revoking"
  | "revocation_undone"
  | "revoked"
  | "reinstated"
  | LicenseChangeKind;
/** Edits to a live license the customer hears about (issue 15): what changed, from and to. */
export type LicenseChangeKind = "seats_changed" | "expiry_extended" | "edition_changed" | "term_ended";

/** Devices holding a seat on a license, by the key they last presented during its rotation. */
export interface DeviceAdoptionCount {
  onNewKey: number;
  onOldKey: number;
  /** Not seen with either key since the new one was issued. */
  notSeen: number;
}

export interface EmailTemplateProps {
  "sign-in": { url: string; expiresInMinutes: number };
  "no-account": { signInUrl: string };
  invitation: { orgName: string; inviterEmail: string; role: "owner" | "member"; signInUrl: string };
  "channel-verification": { verifyUrl: string };
  "device-anomaly": { productName: string; editionName: string; observation: string; devicesUrl: string };
  "rotation-upcoming": {
    productName: string;
    editionName: string;
    rotatesAt: string;
    /** IANA zone the recipient chose for rotation windows; every time in the email is shown in it. */
    timeZone: string;
    overlapMinutes: number;
    isNewKeyReady: boolean;
    licenseUrl: string;
    rotateNowUrl: string;
    postponeUrl: string;
    /**
     * Issue 16, item 9: how many of the license's devices will need the new key, and how many
     * already present it (a key issued ahead of the switch). Absent in notices queued before the
     * count was added, which the outbox may still render.
     */
    adoption?: DeviceAdoptionCount;
    /** Where the license page shows who still needs the new key (its devices, before the key is out). */
    adoptionUrl?: string;
  };
  /**
   * A rotation's overlap is ending: the old key stops soon, and this many devices still present it
   * (issue 16, item 9).
   */
  "rotation-overlap-ending": {
    productName: string;
    editionName: string;
    oldKeyPrefix: string | null;
    oldKeyStopsAt: string;
    timeZone: string;
    adoption: DeviceAdoptionCount;
    licenseUrl: string;
    adoptionUrl: string;
  };
  /** Many of an organisation's keys rotate in one window: one email for all of them. */
  "rotation-digest": {
    rotatesAt: string;
    timeZone: string;
    licenseCount: number;
    /** Seated devices on those licenses that have not presented their new key yet (issue 16 item 9). */
    devicesToUpdate: number;
    /** How many of the keys belong to each product, most first. */
    products: { productName: string; licenseCount: number }[];
    licensesUrl: string;
  };
  "rotation-issued": {
    productName: string;
    editionName: string;
    newKeyPrefix: string;
    activatesAt: string;
    timeZone: string;
    licenseUrl: string;
  };
  "rotation-completed": {
    productName: string;
    editionName: string;
    retiredKeyPrefix: string | null;
    completedAt: string;
    timeZone: string;
    licenseUrl: string;
  };
  "key-revoked": {
    productName: string;
    editionName: string;
    keyPrefix: string;
    reason: string;
    revokedAt: string;
    timeZone: string;
    licenseUrl: string;
  };
  "renewal-reminder": {
    productName: string;
    editionName: string;
    expiresAt: string;
    timeZone: string;
    /** Days the software keeps working after expiry (the vendor's grace); 0 means it stops at once. */
    graceDays: number;
    renewUrl: string;
    licenseUrl: string;
  };
  "license-notice": {
    kind: LicenseNoticeKind;
    productName: string;
    editionName: string;
    /** The customer's own reason or support's message to them; null: support left no message. */
    reason: string | null;
    licenseUrl: string;
    /** When a pending revocation becomes permanent (kind `revoking`). */
    revokesAt: string | null;
    /** For an edit (seats, expiry, edition): the values before and after, as the customer reads them. */
    change?: { from: string; to: string } | null;
    /** For a term ended early (kind `term_ended`): what keeps working, and until when, in plain words. */
    afterTerm?: string | null;
  };
  "license-ready": {
    orgName: string;
    productName: string;
    editionName: string;
    seats: number;
    /** Null: perpetual. */
    expiresAt: string | null;
    isTrial: boolean;
    entitlements: string[];
    licenseUrl: string;
  };
  "key-reissued": {
    productName: string;
    editionName: string;
    reason: string | null;
    oldKeyStopsAt: string;
    licenseUrl: string;
  };
  "second-factor-reset": { orgName: string; resetAt: string; securityUrl: string };
  "offboarding-notice": {
    orgName: string;
    endsAt: string;
    licenseEnding: "revoke" | "expire";
    customerMessage: string | null;
    portalUrl: string;
  };
  "operator-alert": { title: string; summary: string; facts: string[]; dashboardUrl: string };
  "status-confirmation": { confirmUrl: string };
  /**
   * A release the recipient's licenses entitle was published (issue 19), to people who opted in on
   * one of those licenses. One email per person and release, however many of their licenses it is on.
   */
  "release-published": {
    productName: string;
    version: string;
    channel: string;
    releasedAt: string;
    /** How many of the recipient's opted-in licenses include the release. */
    licenseCount: number;
    /** The Downloads page of one of those licenses. */
    downloadsUrl: string;
  };
  "status-incident": {
    title: string;
    stateLabel: string;
    impactLabel: string;
    message: string;
    statusUrl: string;
    unsubscribeUrl: string;
  };
  /** Usage quotas (issue 18): a license used 80 % or all of a metered quota this period. */
  "usage-alert": {
    productName: string;
    editionName: string;
    meter: string;
    percent: number;
    limit: number;
    used: number;
    periodEndsAt: string;
    usageUrl: string;
  };
  /** Named-user seats (issue 18): an owner gave this person a seat of a license. */
  "seat-assigned": {
    productName: string;
    editionName: string;
    licenseUrl: string;
  };
  /**
   * Sign-in by license key (issue 20): the one-time code, or null when the key and this address
   * did not match (the page said the same either way; only the mailbox's owner learns which).
   */
  "license-key-sign-in": {
    code: string | null;
    expiresInMinutes: number;
    /** The code step for this address when a code was sent, the first step otherwise. */
    signInUrl: string;
  };
}

export type EmailTemplateName = keyof EmailTemplateProps;

export type EmailMessage = {
  [Name in EmailTemplateName]: { to: string; subject: string; template: Name; props: EmailTemplateProps[Name] };
}[EmailTemplateName];

/** What a transport sends: the message rendered by the templates. */
export interface RenderedEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export type EmailRenderer = (message: EmailMessage) => Promise<RenderedEmail>;

export interface Mailer {
  /** `dev-mailbox` keeps mail in the outbox for /dev/mailbox instead of sending it anywhere. */
  readonly transport: "resend" | "dev-mailbox";
  send(message: EmailMessage, options: { idempotencyKey: string }): Promise<void>;
}

export const devMailboxMailer: Mailer = {
  transport: "dev-mailbox",
  async send() {},
};
