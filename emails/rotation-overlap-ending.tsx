import { Link } from "@react-email/components";
import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatInZone } from "@/lib/time/format";
import { describeKeyAdoption } from "./format";
import { EmailLayout, Paragraph } from "./layout";

/**
 * The old key's overlap is ending (issue 16, item 9): when it stops, in the license's zone, and
 * how many devices still present it, so the customer updates them before they stop working.
 */
export default function RotationOverlapEndingEmail(props: EmailTemplateProps["rotation-overlap-ending"]) {
  const stops = formatInZone(new Date(props.oldKeyStopsAt), props.timeZone);
  const oldKey = props.oldKeyPrefix ? `The old key (${props.oldKeyPrefix}…)` : "The old key";
  return (
    <EmailLayout
      preview={`The old ${props.productName} key stops working on ${stops}`}
      heading={`The old ${props.productName} key stops soon`}
      action={{ label: "Open the license and copy the new key", url: props.licenseUrl }}
    >
      <Paragraph>
        {oldKey} for {props.productName} ({props.editionName}) stops working on {stops}. After that, software still
        using it is refused.
      </Paragraph>
      <Paragraph>
        {describeKeyAdoption(props.adoption)}{" "}
        <Link href={props.adoptionUrl}>See which devices still need the update</Link>
      </Paragraph>
    </EmailLayout>
  );
}

const licenseUrl = "/licenses/00000000-0000-4000-8000-000000000000";
RotationOverlapEndingEmail.PreviewProps = {
  productName: "Atlas Server",
  editionName: "Enterprise",
  oldKeyPrefix: "RK-7F3Q",
  oldKeyStopsAt: "2026-12-15T21:00:00.000Z",
  timeZone: "Europe/Berlin",
  adoption: { onNewKey: 3, onOldKey: 2, notSeen: 1 },
  licenseUrl: `${licenseUrl}#key`,
  adoptionUrl: `${licenseUrl}#adoption`,
} satisfies EmailTemplateProps["rotation-overlap-ending"];
