import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { ExactTime } from "@/components/ui/time";
import { formatRelative } from "@/lib/time/format";
import { formatDuration } from "@/components/ui/durations";
import type { FormAction } from "@/lib/auth/action";
import { PostponeButton } from "./postpone-button";
import { ActionDialog } from "@/components/ui/action-dialog";
import { ReasonField } from "./reason-field";
import type { RotatedKey } from "./new-key-once";
import { RotateNowDialog } from "./rotate-now-dialog";
import { RotationPreferencesForm, type PolicyBounds, type SavedPreferences } from "./rotation-preferences-form";
import { isOverlapping, type NextRotation, type RotationOverview } from "@/lib/rotation";
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

/** What this person may do here, from the license machine and the organisation's key-action rule. */
export interface RotationControls {
  rotate: boolean;
  postpone: boolean;
  /** Why this person may not change the settings here (a member; a license that is not active), or null. */
  settingsRefusal: string | null;
  /** Why this person may not replace a leaked key or roll back (owners only unless delegated), or null when they may. */
  stopKeyRefusal: string | null;
}

type Moved = { scheduledFor: string };

const NOT_PLANNED: Record<Extract<NextRotation, { isPlanned: false }>["why"], string> = {
  manual: "None planned: this key rotates only when you choose Rotate now.",
  inOverlap: "The rotation under way finishes first; the next one is planned when the old key stops working.",
  notPlannedYet: "Being planned from these settings; it appears here within a minute.",
};

export function RotationCard<B, E>({
  licenseId,
  now,
  overview,
  policy,
  currentKeyMask,
  activeDevices,
  controls,
  savePreferences,
  rotate,
  postpone,
  undoPostpone,
  rollback,
  emergency,
}: {
  licenseId: string;
  now: Date;
  overview: RotationOverview;
  policy: PolicyBounds;
  currentKeyMask: string | null;
  activeDevices: number;
  controls: RotationControls;
  savePreferences: FormAction<SavedPreferences>;
  rotate: FormAction<RotatedKey>;
  postpone: FormAction<Moved>;
  undoPostpone: FormAction<Moved>;
  rollback: FormAction<B>;
  emergency: FormAction<E>;
}) {
  const { preference, nextRotation, history } = overview;
  const inOverlap = history.find(isOverlapping);
  const { stopKeyRefusal } = controls;
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
          overview.isOrgDefault
            ? "Using your organization's default settings until an owner saves settings for this license."
            : "The settings for this license."
        }
        actions={
          controls.rotate && currentKeyMask ? (
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
      <section aria-labelledby="next-rotation" className="border-b border-slate-200 px-5 py-4">
        <h3 id="next-rotation" className="text-sm font-semibold text-slate-900">
          Next rotation
        </h3>
        {nextRotation.isPlanned ? (
          <div className="mt-1 flex flex-wrap items-center justify-between gap-3 text-sm">
            <p className="text-slate-900">
              <ExactTime date={nextRotation.at} definedIn={preference.timeZone} />{" "}
              <span className="text-slate-600">({formatRelative(nextRotation.at, now)})</span>
            </p>
            {controls.postpone && nextRotation.isPostponable ? (
              <PostponeButton licenseId={licenseId} postpone={postpone} undo={undoPostpone} />
            ) : null}
          </div>
        ) : (
          <p className="mt-1 text-sm text-slate-600">{NOT_PLANNED[nextRotation.why]}</p>
        )}
      </section>
      {controls.rotate && currentKeyMask ? (
        <div className="flex flex-wrap items-start gap-3 border-b border-slate-200 px-5 py-4">
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
          {!stopKeyRefusal ? (
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
          ) : (
            <p className="basis-full text-sm text-slate-600">{stopKeyRefusal}</p>
          )}
        </div>
      ) : null}
      {controls.settingsRefusal === null ? (
        <RotationPreferencesForm licenseId={licenseId} values={preference} policy={policy} action={savePreferences} />
      ) : (
        <p className="px-5 py-4 text-sm text-slate-600">{controls.settingsRefusal}</p>
      )}
      <div className="border-t border-slate-200 px-5 py-4">
        <h3 className="text-sm font-semibold text-slate-900">Timeline</h3>
        {history.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">No rotations planned or completed yet.</p>
        ) : (
          <ol aria-label="Rotation timeline" className="mt-2 space-y-2 text-sm">
            {history.map((rotation) => (
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
                  {rotation.movedFrom ? (
                    <>
                      moved from <ExactTime date={rotation.movedFrom} /> to{" "}
                    </>
                  ) : null}
                  <ExactTime date={rotation.scheduledFor} definedIn={preference.timeZone} /> (
                  {formatRelative(rotation.scheduledFor, now)})
                </span>
                {rotation.kind === "scheduled" && rotation.reason ? (
                  <span className="text-slate-600">· {rotation.reason}</span>
                ) : null}
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
