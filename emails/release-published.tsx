import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatDayInZone } from "@/lib/time/format";
import { EmailLayout, Paragraph } from "./layout";

/**
 * A new release the reader's license includes (issue 19). Only facts the vendor chose to publish:
 * product, version and channel; the notes and files are on the Downloads page, behind sign-in.
 */
export default function ReleasePublishedEmail({
  productName,
  version,
  channel,
  releasedAt,
  licenseCount,
  downloadsUrl,
}: EmailTemplateProps["release-published"]) {
  return (
    <EmailLayout
      preview={`${productName} ${version} is ready to download`}
      heading={`${productName} ${version} is available`}
      action={{ label: "Open Downloads", url: downloadsUrl }}
    >
      <Paragraph>
        Version {version} of {productName} was released on the {channel} channel on{" "}
        {formatDayInZone(new Date(releasedAt), "UTC")}
        {licenseCount > 1 ? `, and ${licenseCount} of your licenses include it` : ""}.
      </Paragraph>
      <Paragraph>
        The release notes, the files for each platform, their SHA-256 checksums and signatures are on the Downloads
        page. You get this email because someone in your organization asked to hear of new releases for this license;
        turn it off on the same page.
      </Paragraph>
    </EmailLayout>
  );
}

ReleasePublishedEmail.PreviewProps = {
  productName: "Studio",
  version: "2.4.0",
  channel: "stable",
  releasedAt: "2026-12-06T12:00:00.000Z",
  licenseCount: 1,
  downloadsUrl: "/licenses/00000000-0000-4000-8000-000000000000/downloads",
} satisfies EmailTemplateProps["release-published"];
