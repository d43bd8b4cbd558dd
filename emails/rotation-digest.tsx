import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatInZone } from "@/lib/time/format";
import { plural } from "./format";
import { EmailLayout, Paragraph } from "./layout";

/**
 * The upcoming-rotation notice for many keys of one organisation in the same window: one email
 * with the count per product instead of one per license, and the portal, where each license has
 * its new key and its own "rotate now" and "postpone".
 */
export default function RotationDigestEmail({
  rotatesAt,
  timeZone,
  licenseCount,
  devicesToUpdate,
  products,
  licensesUrl,
}: EmailTemplateProps["rotation-digest"]) {
  const when = formatInZone(new Date(rotatesAt), timeZone);
  return (
    <EmailLayout
      preview={`${plural(licenseCount, "license key")} rotate on ${when}`}
      heading={`${plural(licenseCount, "license key")} rotate soon`}
      action={{ label: "Open your licenses", url: licensesUrl }}
    >
      <Paragraph>
        {plural(licenseCount, "license key")} of your organization rotate on {when}:{" "}
        {products.map(({ productName, licenseCount: count }) => `${productName} (${count})`).join(", ")}.
      </Paragraph>
      {devicesToUpdate > 0 ? (
        <Paragraph>
          {plural(devicesToUpdate, "device")} on these licenses will need {devicesToUpdate === 1 ? "its" : "their"} new
          key; each license&apos;s page lists them.
        </Paragraph>
      ) : null}
      <Paragraph>
        Each license shows its new key in the portal once it is ready; enter it in your software at any time before
        then. The old keys keep working through each license&apos;s overlap, so nothing stops at the moment of the
        rotation.
      </Paragraph>
      <Paragraph>
        Need a different time for a license? Open it in the portal to rotate it now or postpone it to its next window.
      </Paragraph>
    </EmailLayout>
  );
}

RotationDigestEmail.PreviewProps = {
  rotatesAt: "2026-12-08T21:00:00.000Z",
  timeZone: "Europe/Berlin",
  licenseCount: 1250,
  devicesToUpdate: 3400,
  products: [
    { productName: "Atlas Server", licenseCount: 1000 },
    { productName: "Atlas Desktop", licenseCount: 250 },
  ],
  licensesUrl: "/",
} satisfies EmailTemplateProps["rotation-digest"];
