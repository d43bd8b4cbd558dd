/** Duration wording shared by the templates; times go through lib/time/format.ts, which names their zone. */
import type { DeviceAdoptionCount } from "@/lib/notify/email";

export function describeOverlap(minutes: number): string {
  if (minutes === 0) return "immediately";
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? "" : "s"} later`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"} later`;
  return `${minutes} minutes later`;
}

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** Issue 16, item 9, before the switch: every seated device not yet on the new key will need it. */
export function describeDevicesNeedingNewKey({ onNewKey, onOldKey, notSeen }: DeviceAdoptionCount): string | null {
  const needing = onOldKey + notSeen;
  if (needing === 0 && onNewKey === 0) return null;
  if (needing === 0) return `All ${plural(onNewKey, "device")} on this license already present the new key.`;
  const verb = needing === 1 ? "device will" : "devices will";
  return `${needing} ${verb} need the new key${onNewKey > 0 ? `; ${onNewKey} already ${onNewKey === 1 ? "presents" : "present"} it` : ""}.`;
}

/** Issue 16, item 9, during the overlap: who presents the new key and who still the old one. */
export function describeKeyAdoption({ onNewKey, onOldKey, notSeen }: DeviceAdoptionCount): string {
  const notSeenPart =
    notSeen > 0 ? `, and ${notSeen} ${notSeen === 1 ? "has" : "have"} not been seen since the new key was issued` : "";
  return `${plural(onNewKey, "device")} ${onNewKey === 1 ? "presents" : "present"} the new key; ${onOldKey} still ${onOldKey === 1 ? "presents" : "present"} the old one${notSeenPart}.`;
}
