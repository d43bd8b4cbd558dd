import type { AdoptedKey, KeyAdoption } from "@/lib/rotation";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SimpleTable } from "@/components/ui/simple-table";
import { ExactTime, LocalTime } from "@/components/ui/time";

const KEY_LABELS: Record<AdoptedKey, { label: string; tone: Tone }> = {
  new: { label: "New key", tone: "green" },
  old: { label: "Old key — needs the update", tone: "amber" },
  unknown: { label: "Not seen with either key", tone: "slate" },
};

/**
 * Issue 16, item 9: during a rotation, which devices are already on the new key and which still
 * present the old one, so the customer (or support, on the customer's behalf) knows who to update
 * before the old key stops working. Devices report their key when they check in or validate.
 */
export function KeyAdoptionCard({ adoption, now }: { adoption: KeyAdoption; now: Date }) {
  const total = adoption.devices.length;
  return (
    <Card aria-labelledby="adoption">
      <CardHeader
        id="adoption"
        title="Who has the new key"
        description={`${adoption.onNewKey} of ${total} ${total === 1 ? "device is" : "devices are"} on the new key ${adoption.newKeyPrefix ?? ""}; ${adoption.onOldKey} still ${adoption.onOldKey === 1 ? "uses" : "use"} the old key ${adoption.oldKeyPrefix ?? ""}${adoption.notSeen > 0 ? `, ${adoption.notSeen} not seen since the new key was issued` : ""}.`}
      />
      <div className="px-5 pb-3 text-sm text-slate-600">
        {adoption.isOverlapping && adoption.oldKeyStopsAt ? (
          <p>
            The old key stops working <ExactTime date={adoption.oldKeyStopsAt} />: update the devices below before then.
          </p>
        ) : (
          <p>
            The new key takes over <ExactTime date={adoption.switchesAt} />; devices can switch to it already.
          </p>
        )}
      </div>
      <KeyUseNote adoption={adoption} now={now} />
      {total === 0 ? (
        <EmptyState title="No devices hold a seat">
          Nothing to update: devices appear here once your software activates this license.
        </EmptyState>
      ) : (
        <SimpleTable caption="Devices by key" headings={["Device", "Key", "Last seen"]}>
          {adoption.devices.map((device) => (
            <tr key={device.id}>
              <td className="px-5 py-3">
                <span className="font-medium text-slate-900">{device.name}</span>
                <span className="block text-xs text-slate-500">
                  {device.platform}
                  {device.clientVersion ? ` · version ${device.clientVersion}` : ""}
                </span>
              </td>
              <td className="px-5 py-3">
                <Badge tone={KEY_LABELS[device.key].tone}>{KEY_LABELS[device.key].label}</Badge>
              </td>
              <td className="px-5 py-3">
                {device.lastSeenAt ? <LocalTime date={device.lastSeenAt} now={now} /> : "never"}
              </td>
            </tr>
          ))}
        </SimpleTable>
      )}
    </Card>
  );
}

/**
 * Software that validates without a fingerprint has no device row above; the validations per key
 * count every client, so the old key's use there is the sign that something still needs the update.
 * Counts are written every few seconds (ValidationTelemetry), so the note stays away until there
 * are some rather than claim that nobody validated.
 */
function KeyUseNote({ adoption, now }: { adoption: KeyAdoption; now: Date }) {
  const { oldKey, newKey } = adoption.keyUse;
  const validations = (count: number) => `${count} ${count === 1 ? "validation" : "validations"}`;
  if (oldKey.validations > 0 && oldKey.lastMinute)
    return (
      <p className="px-5 pb-3 text-sm text-slate-600">
        In the last 24 hours the old key {adoption.oldKeyPrefix ?? ""} was still used for{" "}
        {validations(oldKey.validations)}, most recently <LocalTime date={oldKey.lastMinute} now={now} />, and the new
        key for {validations(newKey.validations)}. This counts every client, including software that validates without
        registering a device.
      </p>
    );
  if (newKey.validations > 0)
    return (
      <p className="px-5 pb-3 text-sm text-slate-600">
        In the last 24 hours only the new key was used to validate ({validations(newKey.validations)}), counting every
        client, including software that validates without registering a device.
      </p>
    );
  return null;
}
