import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatDayInZone } from "@/lib/time/format";
import { plural } from "./format";
import { EmailLayout, Paragraph } from "./layout";

/**
 * A customer's first license of a product. Names the product and where to find the key; the key
 * itself never travels by email (it is revealed in the portal, audited, after a recent sign-in).
 */
export default function LicenseReadyEmail({
  orgName,
  productName,
  editionName,
  seats,
  expiresAt,
  isTrial,
  entitlements,
  licenseUrl,
}: EmailTemplateProps["license-ready"]) {
  const term = expiresAt ? `until ${formatDayInZone(new Date(expiresAt), "UTC")}` : "with no end date";
  return (
    <EmailLayout
      preview={`${productName} ${editionName} for ${orgName} is ready`}
      heading={`Your ${productName} license is ready`}
      action={{ label: "Open the license", url: licenseUrl }}
    >
      <Paragraph>
        {orgName} has a new {isTrial ? "trial " : ""}license for {productName} ({editionName}):{" "}
        {plural(seats, "device seat")}, {term}.
      </Paragraph>
      {entitlements.length > 0 ? <Paragraph>It includes: {entitlements.join(", ")}.</Paragraph> : null}
      <Paragraph>
        Sign in to the portal to copy your license key into the software, download a license file for offline use, and
        choose when your key rotates.
      </Paragraph>
    </EmailLayout>
  );
}

LicenseReadyEmail.PreviewProps = {
  orgName: "Acme Robotics",
  productName: "Studio",
  editionName: "Professional",
  seats: 5,
  expiresAt: "2027-11-23T12:00:00.000Z",
  isTrial: false,
  entitlements: ["cloud-sync", "export-pdf"],
  licenseUrl: "/licenses/00000000-0000-4000-8000-000000000000",
} satisfies EmailTemplateProps["license-ready"];
