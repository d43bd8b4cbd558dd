/**
 * Email bodies. Every email has a plain-text part (some mail clients and all screen readers prefer
 * it) and a small, inline-styled HTML part. Every interpolated value is escaped.
 */
import type { Email } from "./email";

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

function layout({ heading, paragraphs, action }: { heading: string; paragraphs: string[]; action?: { label: string; url: string } }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`).join("");
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#4338ca;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#555">Or paste this link into your browser:<br><span style="word-break:break-all">${escapeHtml(action.url)}</span></p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(heading)}</h1>${body}${button}
<p style="margin:32px 0 0;font-size:12px;color:#777">Rekey · license and key-rotation portal</p></body></html>`;
}

export function signInEmail({ to, url, expiresInMinutes }: { to: string; url: string; expiresInMinutes: number }): Email {
  const lines = [
    "Use the button below to sign in to Rekey.",
    `The link works once and expires in ${expiresInMinutes} minutes. If you did not ask to sign in, you can ignore this email.`,
  ];
  return {
    to,
    subject: "Your Rekey sign-in link",
    text: `${lines.join("\n\n")}\n\nSign in: ${url}\n`,
    html: layout({ heading: "Sign in to Rekey", paragraphs: lines, action: { label: "Sign in", url } }),
  };
}

export function noAccountEmail({ to, signInUrl }: { to: string; signInUrl: string }): Email {
  const lines = [
    "Someone, probably you, asked to sign in to Rekey with this email address, but it has no Rekey account.",
    "Ask an owner of your organization to invite this address from the Members page, then sign in again. If this wasn't you, you can ignore this email.",
  ];
  return {
    to,
    subject: "Sign-in attempt: no Rekey account for this address",
    text: `${lines.join("\n\n")}\n\n${signInUrl}\n`,
    html: layout({ heading: "No account for this address", paragraphs: lines, action: { label: "Back to sign-in", url: signInUrl } }),
  };
}

export function invitationEmail({ to, orgName, inviterEmail, role, signInUrl }: { to: string; orgName: string; inviterEmail: string; role: string; signInUrl: string }): Email {
  const lines = [
    `${inviterEmail} invited you to ${orgName} on Rekey as ${role === "owner" ? "an owner" : "a member"}.`,
    "Rekey is where you see your licenses, choose when your license keys rotate, and manage the devices that use them. Sign in with this email address to get started.",
  ];
  return {
    to,
    subject: `You're invited to ${orgName} on Rekey`,
    text: `${lines.join("\n\n")}\n\nSign in: ${signInUrl}\n`,
    html: layout({ heading: `Join ${orgName} on Rekey`, paragraphs: lines, action: { label: "Sign in to Rekey", url: signInUrl } }),
  };
}

export interface RotationNoticeFacts {
  to: string;
  productName: string;
  editionName: string;
  rotatesAt: Date;
  timeZone: string;
  overlapMinutes: number;
  licenseUrl: string;
  isNewKeyReady: boolean;
}

function formatInZone(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone, timeZoneName: "short" }).format(date);
}

function describeOverlap(minutes: number): string {
  if (minutes === 0) return "immediately";
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? "" : "s"} later`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"} later`;
  return `${minutes} minutes later`;
}

/** The upcoming-rotation notice: when, in the reader's zone, and exactly what to do. */
export function rotationNoticeEmail(facts: RotationNoticeFacts): Email {
  const when = formatInZone(facts.rotatesAt, facts.timeZone);
  const oldKeyStops = new Date(facts.rotatesAt.getTime() + facts.overlapMinutes * 60_000);
  const lines = [
    `The license key for ${facts.productName} (${facts.editionName}) rotates on ${when}.`,
    facts.isNewKeyReady
      ? "Your new key is ready now. Copy it from the portal and enter it in your software at any time before then; it already works."
      : "Your new key will be ready in the portal before then.",
    `The old key keeps working until ${formatInZone(oldKeyStops, facts.timeZone)} (${describeOverlap(facts.overlapMinutes)}), so nothing stops at the moment of the rotation.`,
    "Need a different time? Postpone it or rotate now from the license page.",
  ];
  return {
    to: facts.to,
    subject: `Key rotation for ${facts.productName} on ${new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: facts.timeZone }).format(facts.rotatesAt)}`,
    text: `${lines.join("\n\n")}\n\nOpen the license: ${facts.licenseUrl}\n`,
    html: layout({ heading: `Your ${facts.productName} key rotates soon`, paragraphs: lines, action: { label: "Open the license and copy the new key", url: facts.licenseUrl } }),
  };
}

export function channelVerificationEmail({ to, verifyUrl }: { to: string; verifyUrl: string }): Email {
  const lines = [
    "Someone added this address to receive license-key rotation notices from Rekey.",
    "Confirm it with the button below; until then it receives nothing. If you did not expect this, ignore this email.",
  ];
  return {
    to,
    subject: "Confirm this address for Rekey rotation notices",
    text: `${lines.join("\n\n")}\n\nConfirm: ${verifyUrl}\n`,
    html: layout({ heading: "Confirm notices to this address", paragraphs: lines, action: { label: "Confirm this address", url: verifyUrl } }),
  };
}

/** An anomaly flag was raised: what was seen, that nothing was blocked, and where to look. */
export function deviceAnomalyEmail({ to, productName, editionName, observation, devicesUrl }: { to: string; productName: string; editionName: string; observation: string; devicesUrl: string }): Email {
  const lines = [
    `We noticed unusual activation activity on your ${productName} (${editionName}) license: ${observation}`,
    "Nothing was blocked. If this was a planned roll-out, you can ignore this email. If not, your license key may have been shared: check the devices using it, deactivate any you do not recognise, and consider replacing the key.",
  ];
  return {
    to,
    subject: `Unusual activation activity on your ${productName} license`,
    text: `${lines.join("\n\n")}\n\nReview the devices: ${devicesUrl}\n`,
    html: layout({ heading: "Unusual activation activity", paragraphs: lines, action: { label: "Review the devices", url: devicesUrl } }),
  };
}

export type LicenseNoticeKind = "suspended" | "resumed" | "revoking" | "revocation_undone" | "revoked" | "reinstated";

export interface LicenseNoticeFacts {
  to: string;
  kind: LicenseNoticeKind;
  productName: string;
  editionName: string;
  reason: string;
  licenseUrl: string;
  /** When a pending revocation becomes permanent (kind `revoking`). */
  revokesAt?: Date | null;
}

/**
 * A change of the license's standing, in the customer's words: what stops working, why, and the
 * way back. Every revocation notice names the remediation: undo inside the window, or a new key.
 */
export function licenseNoticeEmail(facts: LicenseNoticeFacts): Email {
  const license = `${facts.productName} (${facts.editionName})`;
  const why = `Reason given: ${facts.reason}`;
  const newKey = "If a key was exposed, the fix is a new key, not a revoked license: replace the key from the license page, or ask support to reissue one.";
  const variants: Record<LicenseNoticeKind, { subject: string; heading: string; lines: string[] }> = {
    suspended: {
      subject: `Your ${facts.productName} license is suspended`,
      heading: "License suspended",
      lines: [`Your ${license} license was suspended. Software using it reports it as suspended until it is resumed.`, why, "Reply to support to have it resumed."],
    },
    resumed: {
      subject: `Your ${facts.productName} license is active again`,
      heading: "License resumed",
      lines: [`Your ${license} license is active again; your existing key works as before.`, why],
    },
    reinstated: {
      subject: `Your ${facts.productName} license is active again`,
      heading: "License active again",
      lines: [`Your ${license} license was extended and is active again; your existing key works as before.`, why],
    },
    revoking: {
      subject: `Your ${facts.productName} license will be revoked`,
      heading: "License revocation scheduled",
      lines: [
        `Your ${license} license is being revoked. It is suspended now and becomes permanently revoked on ${facts.revokesAt?.toUTCString() ?? "shortly"}.`,
        why,
        "Until then the revocation can be undone from the license page (owners) or by support, and everything works again at once.",
        newKey,
      ],
    },
    revocation_undone: {
      subject: `The revocation of your ${facts.productName} license was undone`,
      heading: "Revocation undone",
      lines: [`The revocation of your ${license} license was undone; the license and its key work again.`, why],
    },
    revoked: {
      subject: `Your ${facts.productName} license was revoked`,
      heading: "License revoked",
      lines: [`Your ${license} license is now permanently revoked; its keys no longer validate.`, why, "To keep using the product, contact support: they can issue a new license or reissue a key."],
    },
  };
  const { subject, heading, lines } = variants[facts.kind];
  return {
    to: facts.to,
    subject,
    text: `${lines.join("\n\n")}\n\nOpen the license: ${facts.licenseUrl}\n`,
    html: layout({ heading, paragraphs: lines, action: { label: "Open the license", url: facts.licenseUrl } }),
  };
}

/** Support issued a new key: it works now, the old one keeps working until the overlap ends. */
export function keyReissuedEmail({ to, productName, editionName, reason, oldKeyStopsAt, licenseUrl }: { to: string; productName: string; editionName: string; reason: string; oldKeyStopsAt: Date; licenseUrl: string }): Email {
  const lines = [
    `Support issued a new license key for ${productName} (${editionName}). The new key works now.`,
    `Reason given: ${reason}`,
    `Your previous key keeps working until ${oldKeyStopsAt.toUTCString()}. Copy the new key from the license page and enter it in your software before then.`,
  ];
  return {
    to,
    subject: `A new license key for ${productName} was issued`,
    text: `${lines.join("\n\n")}\n\nCopy the new key: ${licenseUrl}\n`,
    html: layout({ heading: "Your new license key is ready", paragraphs: lines, action: { label: "Copy the new key", url: licenseUrl } }),
  };
}

/** An operator alert from the health checks, sent to staff; `facts` are the numbers behind it. */
export function operatorAlertEmail({ to, title, summary, facts, dashboardUrl }: { to: string; title: string; summary: string; facts: string[]; dashboardUrl: string }): Email {
  const lines = [summary, ...facts, "You get this alert at most once an hour while the condition lasts. Thresholds are set with the REKEY_ALERT_* environment variables."];
  return {
    to,
    subject: `[Rekey alert] ${title}`,
    text: `${lines.join("\n\n")}\n\nHealth dashboard: ${dashboardUrl}\n`,
    html: layout({ heading: title, paragraphs: lines, action: { label: "Open the health dashboard", url: dashboardUrl } }),
  };
}

export function statusConfirmationEmail({ to, confirmUrl }: { to: string; confirmUrl: string }): Email {
  const lines = [
    "Someone, probably you, asked to receive Rekey status updates (incidents and their resolution) at this address.",
    "Confirm to start receiving them. If this wasn't you, ignore this email and you will hear nothing more.",
  ];
  return {
    to,
    subject: "Confirm Rekey status updates",
    text: `${lines.join("\n\n")}\n\nConfirm: ${confirmUrl}\n`,
    html: layout({ heading: "Confirm status updates", paragraphs: lines, action: { label: "Confirm status updates", url: confirmUrl } }),
  };
}

export interface StatusIncidentFacts {
  to: string;
  title: string;
  stateLabel: string;
  impactLabel: string;
  message: string;
  statusUrl: string;
  unsubscribeUrl: string;
}

export function statusIncidentEmail(facts: StatusIncidentFacts): Email {
  const lines = [`${facts.stateLabel} · ${facts.impactLabel} impact`, facts.message, `You receive this because you subscribed to Rekey status updates. Unsubscribe: ${facts.unsubscribeUrl}`];
  return {
    to: facts.to,
    subject: `[${facts.stateLabel}] ${facts.title}`,
    text: `${facts.title}\n\n${lines.join("\n\n")}\n\nStatus page: ${facts.statusUrl}\n`,
    html: layout({ heading: facts.title, paragraphs: lines, action: { label: "Open the status page", url: facts.statusUrl } }),
  };
}
