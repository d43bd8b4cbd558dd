import type { EmailTemplateProps, LicenseNoticeKind } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

const NEW_KEY_ADVICE =
  "If a key was exposed, the fix is a new key, not a revoked license: replace the key from the license page, or ask support to reissue one.";

/**
 * A change of the license's standing, in the customer's words: what stops working, why, and the
 * way back. Every revocation notice names the remediation: undo inside the window, or a new key.
 */
export default function LicenseNoticeEmail({
  kind,
  productName,
  editionName,
  reason,
  licenseUrl,
  revokesAt,
  change,
  afterTerm,
}: EmailTemplateProps["license-notice"]) {
  const license = `${productName} (${editionName})`;
  const fromTo = change ? `from ${change.from} to ${change.to}` : "";
  const variants: Record<LicenseNoticeKind, { heading: string; lines: string[] }> = {
    suspended: {
      heading: "License suspended",
      lines: [
        `Your ${license} license was suspended. Software using it reports it as suspended until it is resumed.`,
        "Reply to support to have it resumed.",
      ],
    },
    resumed: {
      heading: "License resumed",
      lines: [`Your ${license} license is active again; your existing key works as before.`],
    },
    reinstated: {
      heading: "License active again",
      lines: [`Your ${license} license was extended and is active again; your existing key works as before.`],
    },
    revoking: {
      heading: "License revocation scheduled",
      lines: [
        `Your ${license} license is being revoked. It is suspended now and becomes permanently revoked on ${revokesAt ? new Date(revokesAt).toUTCString() : "shortly"}.`,
        "Until then the revocation can be undone from the license page (owners) or by support, and everything works again at once.",
        NEW_KEY_ADVICE,
      ],
    },
    revocation_undone: {
      heading: "Revocation undone",
      lines: [`The revocation of your ${license} license was undone; the license and its key work again.`],
    },
    revoked: {
      heading: "License revoked",
      lines: [
        `Your ${license} license is now permanently revoked; its keys no longer validate.`,
        "To keep using the product, contact support: they can issue a new license or reissue a key.",
      ],
    },
    seats_changed: {
      heading: "Seats changed",
      lines: [
        `The number of devices that may use your ${license} license changed ${fromTo}.`,
        "Your key stays the same; devices in use keep working.",
      ],
    },
    expiry_extended: {
      heading: "License extended",
      lines: [
        `Your ${license} license now runs ${fromTo}.`,
        "Your key stays the same. Software with a license file picks up the new date with its next refresh.",
      ],
    },
    edition_changed: {
      heading: "Edition changed",
      lines: [
        `Your ${productName} license changed edition ${fromTo}.`,
        "Your key stays the same; the software sees the new edition's features at its next validation or license-file refresh.",
      ],
    },
    term_ended: {
      heading: "License term ended",
      lines: [
        `The term of your ${license} license was ended early: it ran until ${change?.from ?? "no end date"} and now ended on ${change?.to ?? "today"}.`,
        ...(afterTerm ? [afterTerm] : []),
        "To keep everything working, renew from the license page; renewing keeps the same key.",
      ],
    },
  };
  const { heading, lines } = variants[kind];
  const [first, ...rest] = lines;
  return (
    <EmailLayout preview={first!} heading={heading} action={{ label: "Open the license", url: licenseUrl }}>
      <Paragraph>{first}</Paragraph>
      {reason ? <Paragraph>Reason given: {reason}</Paragraph> : null}
      {rest.map((line) => (
        <Paragraph key={line}>{line}</Paragraph>
      ))}
    </EmailLayout>
  );
}

LicenseNoticeEmail.PreviewProps = {
  kind: "revoking",
  productName: "Atlas Server",
  editionName: "Enterprise",
  reason: "Contract ended",
  licenseUrl: "/licenses/00000000-0000-4000-8000-000000000000",
  revokesAt: "2026-12-04T12:00:00.000Z",
} satisfies EmailTemplateProps["license-notice"];
