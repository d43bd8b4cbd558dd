import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { ExactTime } from "@/components/ui/time";
import { formatDateTime, formatRelative } from "@/lib/time/format";
import { formatDuration } from "@/components/ui/durations";
import type { FormAction } from "@/lib/auth/action";
import { PostponeButton } from "./postpone-button";
import { ActionDialog } from "@/components/ui/action-dialog";
import { ReasonField } from "./reason-field";
import { RotateNowDialog } from "./rotate-now-dialog";
import { RotationPreferencesForm, type PolicyBounds, type PreferenceValues } from "./rotation-preferences-form";
import { isOverlapping, isUpcoming } from "@/lib/rotation";
import type { RotationState } from "@/lib/rotation/rotation-transitions";
import { overlapMinutesWithin } from "@/lib/validations/choices";

const STATE_TONE: Record<string, Tone> = {
  planned: "blue",
  notified: "blue",
  issued: "amber",
  overlapping: "amber",
  completed: "green",
  cancelled: "slate",
  rolled_back: "slate",
  failed: "red",
};

const STATE_LABEL: Record<string, string> = {
  planned: "Planned",
  notified: "Notice sent",
  issued: "New key ready",
  overlapping: "Both keys valid",
  completed: "Completed",
  cancelled: "Cancelled",
  rolled_back: "Rolled back",
  failed: "Failed",
};

export interface TimelineEntry {
  id: string;
  kind: string;
  state: RotationState;
  scheduledFor: Date;
  overlapEndsAt: Date | null;
}

export function RotationCard<P, R, Q, B, E>({
  licenseId,
  isActive,
  now,
  preference,
  isOrgDefault,
  policy,
  timeZones,
  nextWindows,
  timeline,
  currentKeyMask,
  activeDevices,
  savePreferences,
  rotate,
  postpone,
  rollback,
  emergency,
  stopKeyRefusal,
}: {
  licenseId: string;
  isActive: boolean;
  now: Date;
  preference: PreferenceValues;
  isOrgDefault: boolean;
  policy: PolicyBounds;
  timeZones: string[];
  nextWindows: Date[];
  timeline: TimelineEntry[];
  currentKeyMask: string | null;
  activeDevices: number;
  savePreferences: FormAction<P>;
  rotate: FormAction<R>;
  postpone: FormAction<Q>;
  rollback: FormAction<B>;
  emergency: FormAction<E>;
  /** Why this person may not replace a leaked key or roll back (owners only unless delegated), or null when they may. */
  stopKeyRefusal: string | null;
}) {
  const upcomingScheduled = timeline.find((rotation) => rotation.kind === "scheduled" && isUpcoming(rotation));
  const inOverlap = timeline.find(isOverlapping);
  const overlapChoices = overlapMinutesWithin(policy).map((minutes) => ({
    minutes,
    label: minutes === 0 ? "No overlap" : formatDuration(minutes),
  }));
  return (
    <Card aria-labelledby="rotation">
      <CardHeader
        id="rotation"
        title="Rotation"
        description={
          isOrgDefault
            ? "Using your organization's default settings until you save your own for this license."
            : "Your settings for this license."
        }
        actions={
          isActive && currentKeyMask ? (
            <RotateNowDialog
              licenseId={licenseId}
              currentKeyMask={currentKeyMask}
              activeDevices={activeDevices}
              overlapChoices={overlapChoices}
              defaultOverlap={
                overlapChoices.some((c) => c.minutes === preference.overlapMinutes)
                  ? preference.overlapMinutes
                  : (overlapChoices.at(-1)?.minutes ?? 0)
              }
              timeZone={preference.timeZone}
              action={rotate}
            />
          ) : null
        }
      />
      {isActive && (upcomingScheduled || inOverlap || currentKeyMask) ? (
        <div className="flex flex-wrap items-start gap-3 border-b border-slate-200 px-5 py-4">
          {upcomingScheduled ? <PostponeButton licenseId={licenseId} action={postpone} /> : null}
          {inOverlap && !stopKeyRefusal ? (
            <ActionDialog
              hidden={{ licenseId: licenseId }}
              triggerLabel="Roll back"
              title="Roll back this rotation?"
              description="Your previous key becomes the active key again and the new key stops working right away. Use this if the new key cannot be installed yet."
              confirmLabel="Roll back"
              successMessage="Rolled back: your previous key is active again."
              action={rollback}
            >
              <ReasonField />
            </ActionDialog>
          ) : null}
          {currentKeyMask && !stopKeyRefusal ? (
            <ActionDialog
              hidden={{ licenseId: licenseId }}
              triggerLabel="Replace a leaked key"
              title="Replace a leaked key now?"
              description={
                <>
                  <code>{currentKeyMask}</code> is revoked immediately and stops working everywhere, with no overlap. A
                  new key is issued at once: enter it on every device right away.
                </>
              }
              confirmLabel="Revoke and replace"
              successMessage="The leaked key is revoked. Copy the new key from the License key section."
              variant="danger"
              action={emergency}
            >
              <ReasonField />
            </ActionDialog>
          ) : null}
          {stopKeyRefusal && (inOverlap || currentKeyMask) ? (
            <p className="basis-full text-sm text-slate-600">{stopKeyRefusal}</p>
          ) : null}
        </div>
      ) : null}
      <div className="border-b border-slate-200 px-5 py-4">
        <h3 className="text-sm font-semibold text-slate-900">Next windows</h3>
        {nextWindows.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">No window matches these settings.</p>
        ) : (
          <ul aria-label="Next rotation windows" className="mt-2 grid gap-2 sm:grid-cols-3">
            {nextWindows.map((opens) => (
              <li key={opens.toISOString()} className="rounded-md bg-slate-50 px-3 py-2 text-sm">
                <span className="block font-medium text-slate-900">{formatDateTime(opens, preference.timeZone)}</span>
                <span className="block text-xs text-slate-500">
                  Your time: <ExactTime date={opens} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <RotationPreferencesForm
        licenseId={licenseId}
        values={preference}
        policy={policy}
        timeZones={timeZones}
        action={savePreferences}
      />
      <div className="border-t border-slate-200 px-5 py-4">
        <h3 className="text-sm font-semibold text-slate-900">Timeline</h3>
        {timeline.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">No rotations planned or completed yet.</p>
        ) : (
          <ol aria-label="Rotation timeline" className="mt-2 space-y-2 text-sm">
            {timeline.map((rotation) => (
              <li key={rotation.id} className="flex flex-wrap items-center gap-2">
                <Badge tone={STATE_TONE[rotation.state] ?? "slate"}>
                  {STATE_LABEL[rotation.state] ?? rotation.state}
                </Badge>
                <span className="text-slate-900">
                  {rotation.kind === "customer"
                    ? "Rotated by you"
                    : rotation.kind === "scheduled"
                      ? "Scheduled rotation"
                      : `${rotation.kind} rotation`}
                </span>
                <span className="text-slate-600">
                  <ExactTime date={rotation.scheduledFor} definedIn={preference.timeZone} /> (
                  {formatRelative(rotation.scheduledFor, now)})
                </span>
                {isOverlapping(rotation) && rotation.overlapEndsAt ? (
                  <span className="text-slate-600">
                    · old key works until <ExactTime date={rotation.overlapEndsAt} definedIn={preference.timeZone} />
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}
