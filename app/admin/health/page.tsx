import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { ValidationRateChart } from "@/components/health/validation-rate-chart";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { ExactTime, Time } from "@/components/ui/time";
import { requireStaffContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import {
  countOpenAnomalyFlags,
  countRotationsByState,
  countSigningKeysByState,
  getRevocationPropagation,
  getTimeToAdopt,
  getValidationRates,
  listOldKeyUsage,
  listResponseTimes,
  listSigningKeysNearingRotation,
  listUpcomingRotations,
  summarizeClientJwks,
  summarizeOutbox,
  summarizeRotationFeedback,
} from "@/lib/health";
import { checkComponentHealth } from "@/lib/status";
import { HEALTH_RANGES, healthRangeSchema, type HealthRange } from "@/lib/validations/health";
import { isDeadLettered } from "@/lib/notify";

export const metadata: Metadata = { title: "Health" };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const RANGE_LABELS: Record<HealthRange, string> = { "1h": "1 hour", "24h": "24 hours", "7d": "7 days" };

export default async function HealthPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const raw = await searchParams;
  const parsedRange = healthRangeSchema.safeParse(raw.range ?? "24h");
  const range: HealthRange = parsedRange.success ? parsedRange.data : "24h";
  const now = ctx.now();
  const { db } = ctx;
  const [
    rates,
    rotationCounts,
    upcoming,
    outbox,
    anomalies,
    signingKeys,
    nearingRotation,
    components,
    oldKeys,
    adoption,
    clientJwks,
    propagation,
    feedback,
    responseTimes,
  ] = await Promise.all([
    getValidationRates(db, { range, now }),
    countRotationsByState(db),
    listUpcomingRotations(db, { now }),
    summarizeOutbox(db),
    countOpenAnomalyFlags(db),
    countSigningKeysByState(db),
    listSigningKeysNearingRotation(db, { now, lifetimeDays: appServices().env.REKEY_SIGNING_KEY_ROTATE_DAYS }),
    checkComponentHealth(db, now),
    listOldKeyUsage(db, { since: new Date(now.getTime() - DAY_MS) }),
    getTimeToAdopt(db, { since: new Date(now.getTime() - 30 * DAY_MS) }),
    summarizeClientJwks(db, { since: new Date(now.getTime() - HOUR_MS) }),
    getRevocationPropagation(db, { since: new Date(now.getTime() - DAY_MS) }),
    summarizeRotationFeedback(db, { since: new Date(now.getTime() - 30 * DAY_MS) }),
    listResponseTimes(db, {
      since: new Date(now.getTime() - 30 * DAY_MS),
      now,
      targets: appServices().responseTargets,
    }),
  ]);
  const worker = components.find((component) => component.key === "worker")!;
  const openFlags = anomalies.many_fingerprints + anomalies.many_networks;

  return (
    <>
      <PageHeader
        title="Health"
        description="Rotations, deliveries, validations and client drift at a glance. Figures come straight from the database on each load."
      />
      {!parsedRange.success ? (
        <div className="mb-4">
          <Alert tone="warning" title="Unknown time range">
            {parsedRange.error.issues[0]?.message} Showing 24 hours.
          </Alert>
        </div>
      ) : null}
      <div className="space-y-6">
        <section aria-labelledby="at-a-glance" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <h2 id="at-a-glance" className="sr-only">
            At a glance
          </h2>
          <Stat
            label="Rotations in progress"
            value={
              rotationCounts.planned + rotationCounts.notified + rotationCounts.issued + rotationCounts.overlapping
            }
          />
          <Stat
            label="Outbox backlog"
            value={
              outbox.counts.email.pending +
              outbox.counts.webhook.pending +
              outbox.counts.email.failed +
              outbox.counts.webhook.failed
            }
            hint="pending + failed, retrying"
          />
          <Stat
            label="Open anomaly flags"
            value={openFlags}
            hint={
              openFlags > 0 ? (
                <Link className="font-medium text-brand-700 hover:underline" href="/admin/anomalies">
                  Review flags
                </Link>
              ) : undefined
            }
          />
          <div className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
            <p className="text-sm text-slate-600">Worker</p>
            <p className="mt-1 flex items-center gap-2 text-lg font-semibold text-slate-900">
              <Badge tone={worker.health === "operational" ? "green" : worker.health === "degraded" ? "amber" : "red"}>
                {worker.health}
              </Badge>
            </p>
            <p className="mt-1 text-xs text-slate-500">{worker.detail}</p>
          </div>
        </section>

        <Card aria-labelledby="validations">
          <CardHeader
            id="validations"
            title="Validations"
            description="Answers of the validate API by code."
            actions={
              <nav aria-label="Time range" className="flex gap-1 rounded-md bg-slate-100 p-1 text-sm">
                {HEALTH_RANGES.map((option) => (
                  <Link
                    key={option}
                    href={`/admin/health?range=${option}`}
                    aria-current={option === range ? "page" : undefined}
                    className={
                      option === range
                        ? "rounded bg-white px-3 py-1 font-medium text-slate-900 shadow-sm"
                        : "rounded px-3 py-1 text-slate-600 hover:text-slate-900"
                    }
                  >
                    {RANGE_LABELS[option]}
                  </Link>
                ))}
              </nav>
            }
          />
          <ValidationRateChart rates={rates} />
        </Card>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <Card aria-labelledby="rotations">
            <CardHeader id="rotations" title="Rotations by state" />
            <CountList label="Rotations by state" counts={rotationCounts} />
          </Card>
          <Card aria-labelledby="signing-keys">
            <CardHeader
              id="signing-keys"
              title="Signing keys"
              description={`Planned rotation ${appServices().env.REKEY_SIGNING_KEY_ROTATE_DAYS} days after activation.`}
            />
            <CountList label="Signing keys by state" counts={signingKeys} />
            {nearingRotation.length === 0 ? (
              <p className="border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
                No active signing key is within 14 days of its planned rotation.
              </p>
            ) : (
              <ul
                aria-label="Signing keys nearing rotation"
                className="divide-y divide-slate-100 border-t border-slate-200 text-sm"
              >
                {nearingRotation.map((key) => (
                  <li key={key.kid} className="flex flex-wrap items-center justify-between gap-2 px-5 py-2">
                    <span>
                      <code className="text-xs">{key.kid.slice(0, 12)}…</code> {key.algorithm} · {key.scope}
                    </span>
                    <span className="flex items-center gap-2">
                      {key.isOverdue ? <Badge tone="red">overdue</Badge> : <Badge tone="amber">due</Badge>}
                      <Time date={key.plannedRotationAt} now={now} mode="relative" />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>

        <Card aria-labelledby="response-times">
          <CardHeader
            id="response-times"
            title="Detection and notice times"
            description={`Incidents and emergency rotations of the last 30 days. Targets: first customer notice within ${appServices().responseTargets.noticeMinutes} min, key replaced within ${appServices().responseTargets.keyReplacedMinutes} min of detection.`}
          />
          {responseTimes.length === 0 ? (
            <EmptyState title="No incidents or emergency rotations in the last 30 days" />
          ) : (
            <SimpleTable
              caption="Detection, first customer notice and key replacement"
              headings={["Event", "Detected", "First customer notice", "Key replaced"]}
            >
              {responseTimes.map((time) => (
                <tr key={time.id}>
                  <td className="px-5 py-2 font-medium">{time.label}</td>
                  <td className="px-5 py-2">
                    <ExactTime date={time.detectedAt} />
                  </td>
                  <td className="px-5 py-2">
                    <Milestone at={time.firstNoticeAt} detectedAt={time.detectedAt} isLate={time.isNoticeLate} />
                  </td>
                  <td className="px-5 py-2">
                    {time.kind === "incident" ? (
                      "—"
                    ) : (
                      <Milestone
                        at={time.keyReplacedAt}
                        detectedAt={time.detectedAt}
                        isLate={time.isKeyReplacementLate}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        <Card aria-labelledby="upcoming">
          <CardHeader
            id="upcoming"
            title="Upcoming rotations"
            description={`${upcoming.total} due in the next 7 days.`}
          />
          {upcoming.rows.length === 0 ? (
            <EmptyState title="No rotations due in the next 7 days" />
          ) : (
            <SimpleTable
              caption="Rotations due in the next 7 days"
              headings={["Organization", "Product", "Kind", "State", "Scheduled"]}
            >
              {upcoming.rows.map((rotation) => (
                <tr key={rotation.id}>
                  <td className="px-5 py-2 font-medium">{rotation.orgName}</td>
                  <td className="px-5 py-2">{rotation.productName}</td>
                  <td className="px-5 py-2">{rotation.kind}</td>
                  <td className="px-5 py-2">
                    <Badge tone="blue">{rotation.state}</Badge>
                  </td>
                  <td className="px-5 py-2">
                    <Time date={rotation.scheduledFor} now={now} mode="relative" />
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>

        <Card aria-labelledby="outbox">
          <CardHeader
            id="outbox"
            title="Outbox"
            description="Emails and webhooks by delivery status. Dead messages gave up after every retry."
          />
          <SimpleTable
            caption="Outbox messages by kind and status"
            headings={["Kind", "Pending", "Sending", "Sent", "Failed", "Dead"]}
          >
            {(["email", "webhook"] as const).map((kind) => (
              <tr key={kind}>
                <th scope="row" className="px-5 py-2 text-left font-medium">
                  {kind}
                </th>
                {(["pending", "sending", "sent", "failed", "dead"] as const).map((status) => (
                  <td key={status} className="px-5 py-2 tabular-nums">
                    {isDeadLettered({ status }) && outbox.counts[kind][status] > 0 ? (
                      <Badge tone="red">{outbox.counts[kind][status]}</Badge>
                    ) : (
                      outbox.counts[kind][status]
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </SimpleTable>
          {outbox.recentFailures.length > 0 ? (
            <ul
              aria-label="Recent delivery failures"
              className="divide-y divide-slate-100 border-t border-slate-200 text-sm"
            >
              {outbox.recentFailures.map((failure) => (
                <li key={failure.id} className="flex flex-wrap justify-between gap-2 px-5 py-2">
                  <span>
                    <Badge tone={isDeadLettered(failure) ? "red" : "amber"}>{failure.status}</Badge> {failure.kind}{" "}
                    after {failure.attempts} attempts:{" "}
                    <span className="text-slate-600">{failure.lastError ?? "no error recorded"}</span>
                  </span>
                  <Time date={failure.createdAt} now={now} mode="relative" />
                </li>
              ))}
            </ul>
          ) : null}
        </Card>

        <Card aria-labelledby="drift">
          <CardHeader
            id="drift"
            title="Drift and deprecation"
            description="Clients that lag behind rotations. Telemetry is per minute and per license key, not per device."
          />
          <div className="grid grid-cols-1 gap-6 px-5 py-4 lg:grid-cols-2">
            <section aria-labelledby="old-keys">
              <h3 id="old-keys" className="text-sm font-semibold text-slate-900">
                Old keys still in use (24 h)
              </h3>
              {oldKeys.length === 0 ? (
                <p className="mt-1 text-sm text-slate-600">No license presented a replaced key.</p>
              ) : (
                <SimpleTable
                  caption="Licenses presenting an old key after its rotation, by product"
                  headings={["Product", "Licenses", "Validations", "On a retired key"]}
                >
                  {oldKeys.map((row) => (
                    <tr key={row.productId}>
                      <td className="px-5 py-2">{row.productName}</td>
                      <td className="px-5 py-2 tabular-nums">{row.licenses}</td>
                      <td className="px-5 py-2 tabular-nums">{row.validations}</td>
                      <td className="px-5 py-2 tabular-nums">
                        {row.licensesOnRetiredKey > 0 ? <Badge tone="red">{row.licensesOnRetiredKey}</Badge> : 0}
                      </td>
                    </tr>
                  ))}
                </SimpleTable>
              )}
            </section>
            <section aria-labelledby="adoption">
              <h3 id="adoption" className="text-sm font-semibold text-slate-900">
                Time to adopt a new key (30 days)
              </h3>
              {adoption.length === 0 ? (
                <p className="mt-1 text-sm text-slate-600">No rotation issued a new key in the last 30 days.</p>
              ) : (
                <SimpleTable
                  caption="Time from issue to first validation of the new key, by product"
                  headings={["Product", "Adopted", "p50", "p90"]}
                >
                  {adoption.map((row) => (
                    <tr key={row.productId}>
                      <td className="px-5 py-2">{row.productName}</td>
                      <td className="px-5 py-2 tabular-nums">
                        {row.adopted} of {row.rotations}
                      </td>
                      <td className="px-5 py-2">{formatDuration(row.p50Seconds)}</td>
                      <td className="px-5 py-2">{formatDuration(row.p90Seconds)}</td>
                    </tr>
                  ))}
                </SimpleTable>
              )}
            </section>
            <section aria-labelledby="client-jwks">
              <h3 id="client-jwks" className="text-sm font-semibold text-slate-900">
                Client signing keys (1 h)
              </h3>
              {clientJwks.length === 0 ? (
                <p className="mt-1 text-sm text-slate-600">No validations in the last hour.</p>
              ) : (
                <SimpleTable
                  caption="What validating clients reported about their JWKS, by product"
                  headings={["Product", "Current", "Stale kid", "Deprecated alg only", "Not reported"]}
                >
                  {clientJwks.map((row) => (
                    <tr key={row.productId ?? "unknown"}>
                      <td className="px-5 py-2">{row.productName ?? "Unknown key"}</td>
                      <td className="px-5 py-2 tabular-nums">{row.counts.current}</td>
                      <td className="px-5 py-2 tabular-nums">{row.counts.stale_kid}</td>
                      <td className="px-5 py-2 tabular-nums">{row.counts.deprecated_algorithm}</td>
                      <td className="px-5 py-2 tabular-nums">{row.counts.unreported}</td>
                    </tr>
                  ))}
                </SimpleTable>
              )}
            </section>
            <section aria-labelledby="propagation">
              <h3 id="propagation" className="text-sm font-semibold text-slate-900">
                Revocation propagation (24 h)
              </h3>
              {propagation.measured === 0 ? (
                <p className="mt-1 text-sm text-slate-600">
                  No revocation reached an open push stream in the last 24 hours.
                </p>
              ) : (
                <dl className="mt-2 grid grid-cols-3 gap-2 text-sm">
                  <Figure label="Measured" value={String(propagation.measured)} />
                  <Figure label="p50" value={`${propagation.p50Seconds} s`} />
                  <Figure label="p99" value={`${propagation.p99Seconds} s`} />
                </dl>
              )}
            </section>
          </div>
        </Card>

        <Card aria-labelledby="feedback">
          <CardHeader
            id="feedback"
            title="After-rotation feedback (30 days)"
            description="“Did this rotation go smoothly?”, asked once per completed rotation and user."
          />
          <dl className="grid grid-cols-2 gap-4 px-5 py-4 text-sm sm:grid-cols-4">
            <Figure label="Smooth" value={String(feedback.counts.smooth)} />
            <Figure label="Not smooth" value={String(feedback.counts.not_smooth)} />
            <Figure label="Dismissed" value={String(feedback.counts.dismissed)} />
            <Figure label="Smooth share" value={feedback.smoothPercent === null ? "–" : `${feedback.smoothPercent}%`} />
          </dl>
          {feedback.recentComments.length > 0 ? (
            <ul
              aria-label="Recent feedback comments"
              className="divide-y divide-slate-100 border-t border-slate-200 text-sm"
            >
              {feedback.recentComments.map((comment) => (
                <li key={comment.id} className="px-5 py-2">
                  <Badge tone={comment.answer === "smooth" ? "green" : "amber"}>
                    {comment.answer === "smooth" ? "smooth" : "not smooth"}
                  </Badge>{" "}
                  <span className="text-slate-900">“{comment.comment}”</span>{" "}
                  <span className="text-slate-500">
                    — {comment.orgName}, {comment.productName},{" "}
                    <Time date={comment.createdAt} now={now} mode="relative" />
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      </div>
    </>
  );
}

function Stat({ label, value, hint }: { label: string; value: number; hint?: React.ReactNode }) {
  return (
    <div className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 font-semibold tabular-nums text-slate-900">{value}</dd>
    </div>
  );
}

function CountList({ label, counts }: { label: string; counts: Record<string, number> }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-x-6 gap-y-2 px-5 py-4 text-sm sm:grid-cols-4">
      {Object.entries(counts).map(([state, value]) => (
        <div key={state}>
          <dt className="text-xs text-slate-500">{state.replace("_", " ")}</dt>
          <dd className="font-semibold tabular-nums text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function formatDuration(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3_600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round((seconds / 3_600) * 10) / 10} h`;
  return `${Math.round((seconds / 86_400) * 10) / 10} d`;
}

/** A step of an incident or emergency rotation: when it happened, minutes after detection, and whether it met its target. */
function Milestone({ at, detectedAt, isLate }: { at: Date | null; detectedAt: Date; isLate: boolean }) {
  const badge = <Badge tone={isLate ? "red" : "green"}>{isLate ? "missed target" : "on target"}</Badge>;
  if (!at) return <span>not yet {isLate ? badge : null}</span>;
  const minutes = Math.round((at.getTime() - detectedAt.getTime()) / 60_000);
  return (
    <span>
      <ExactTime date={at} /> (after {minutes} min) {badge}
    </span>
  );
}
