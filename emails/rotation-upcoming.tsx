import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatInZone } from "@/lib/time/format";
import { Link } from "@react-email/components";
import { describeDevicesNeedingNewKey, describeOverlap } from "./format";
import { EmailLayout, Paragraph } from "./layout";

/**
 * The upcoming-rotation notice: when (in the recipient's zone), what changes, and the three things
 * a reader may want: open the license, rotate now, or postpone. The one-click links open a
 * confirmation page in the portal; nothing changes until the reader confirms there.
 */
export default function RotationUpcomingEmail(props: EmailTemplateProps["rotation-upcoming"]) {
  const when = formatInZone(new Date(props.rotatesAt), props.timeZone);
  const devicesNeedingNewKey = props.adoption ? describeDevicesNeedingNewKey(props.adoption) : null;
  const oldKeyStops = new Date(new Date(props.rotatesAt).getTime() + props.overlapMinutes * 60_000).toISOString();
  return (
    <EmailLayout
      preview={`The ${props.productName} license key rotates on ${when}`}
      heading={`Your ${props.productName} key rotates soon`}
      action={{ label: "Open the license and copy the new key", url: props.licenseUrl }}
      secondaryActions={[
        { label: "Rotate now", url: props.rotateNowUrl },
        { label: "Postpone", url: props.postponeUrl },
      ]}
    >
      <Paragraph>
        The license key for {props.productName} ({props.editionName}) rotates on {when}.
      </Paragraph>
      <Paragraph>
        {props.isNewKeyReady
          ? "Your new key is ready now. Copy it from the portal and enter it in your software at any time before then; it already works."
          : "Your new key will be ready in the portal before then."}
      </Paragraph>
      <Paragraph>
        The old key keeps working until {formatInZone(new Date(oldKeyStops), props.timeZone)} (
        {describeOverlap(props.overlapMinutes)}), so nothing stops at the moment of the rotation.
      </Paragraph>
      {devicesNeedingNewKey && props.adoptionUrl ? (
        <Paragraph>
          {devicesNeedingNewKey} <Link href={props.adoptionUrl}>See which devices</Link>
        </Paragraph>
      ) : null}
      <Paragraph>
        Need a different time? Rotate now or postpone it to your next window; you confirm either after signing in.
      </Paragraph>
    </EmailLayout>
  );
}

const licenseUrl = "/licenses/00000000-0000-4000-8000-000000000000";
RotationUpcomingEmail.PreviewProps = {
  productName: "Atlas Server",
  editionName: "Enterprise",
  rotatesAt: "2026-12-08T21:00:00.000Z",
  timeZone: "Europe/Berlin",
  overlapMinutes: 7 * 1440,
  isNewKeyReady: true,
  licenseUrl,
  rotateNowUrl: `${licenseUrl}/rotation/rotate-now?rotation=00000000-0000-4000-8000-000000000001`,
  postponeUrl: `${licenseUrl}/rotation/postpone?rotation=00000000-0000-4000-8000-000000000001`,
  adoption: { onNewKey: 1, onOldKey: 2, notSeen: 1 },
  adoptionUrl: `${licenseUrl}#adoption`,
} satisfies EmailTemplateProps["rotation-upcoming"];
