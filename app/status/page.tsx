import { TableScroll } from "@/components/ui/simple-table";
import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { redirect } from "next/navigation";
import { IncidentTimeline } from "@/components/status/incident-timeline";
import { SubscribeForm } from "@/components/status/subscribe-form";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { DATABASE_UNAVAILABLE_PATH } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { getStatusOverview, STATUS_HISTORY_DAYS, type Health } from "@/lib/status";
import { subscribeToStatusAction } from "./actions";

export const metadata: Metadata = { title: "System status" };
export const dynamic = "force-dynamic";

const HEALTH: Record<Health, { label: string; tone: Tone; headline: string }> = {
  operational: { label: "Operational", tone: "green", headline: "All systems operational" },
  degraded: { label: "Degraded", tone: "amber", headline: "Some systems are degraded" },
  down: { label: "Down", tone: "red", headline: "Major outage" },
};

/** Public, no sign-in: what customers check when their software cannot reach us. */
export default async function StatusPage() {
  const now = new Date();
  const status = await appServices()
    .db()
    .then((db) => getStatusOverview(db, now))
    .catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) redirect(`${DATABASE_UNAVAILABLE_PATH}?from=status`);
      throw error;
    });
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-10">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-sm font-semibold text-brand-700">Rekey</p>
          <h1 className="text-2xl font-semibold text-slate-900">{HEALTH[status.overall].headline}</h1>
          <p className="mt-1 text-sm text-slate-600">
            Checked <Time date={now} now={now} />.{" "}
            <Link className="underline" href="/help">
              Help and troubleshooting
            </Link>
          </p>
        </div>
        <Badge tone={HEALTH[status.overall].tone}>{HEALTH[status.overall].label}</Badge>
      </header>

      {status.openIncidents.length > 0 ? (
        <Card aria-labelledby="current-incidents">
          <CardHeader id="current-incidents" title="Current incidents" />
          <div className="divide-y divide-slate-100">
            {status.openIncidents.map((incident) => (
              <IncidentTimeline key={incident.id} incident={incident} now={now} />
            ))}
          </div>
        </Card>
      ) : null}

      <Card aria-labelledby="components">
        <CardHeader id="components" title="Components" />
        <ul className="divide-y divide-slate-100">
          {status.components.map((component) => (
            <li key={component.key} className="flex flex-wrap items-center justify-between gap-2 px-5 py-3 text-sm">
              <span>
                <span className="font-medium text-slate-900">{component.name}</span>
                <span className="block text-slate-500">{component.detail}</span>
              </span>
              <Badge tone={HEALTH[component.health].tone}>{HEALTH[component.health].label}</Badge>
            </li>
          ))}
        </ul>
      </Card>

      <Card aria-labelledby="rotation-waves">
        <CardHeader
          id="rotation-waves"
          title="Key rotation waves"
          description={`Rotations across all customers by scheduled day (UTC), ${STATUS_HISTORY_DAYS} days back and 7 ahead.`}
        />
        {status.rotationDays.length === 0 ? (
          <EmptyState title="No rotations in this period" />
        ) : (
          <TableScroll label="Key rotations per day">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Key rotations per day</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-5 py-2">
                    Day
                  </th>
                  <th scope="col" className="px-5 py-2">
                    Total
                  </th>
                  <th scope="col" className="px-5 py-2">
                    Planned
                  </th>
                  <th scope="col" className="px-5 py-2">
                    In progress
                  </th>
                  <th scope="col" className="px-5 py-2">
                    Completed
                  </th>
                  <th scope="col" className="px-5 py-2">
                    Failed or rolled back
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {status.rotationDays.map((day) => (
                  <tr key={day.day}>
                    <th scope="row" className="px-5 py-2 text-left font-medium">
                      {day.day}
                    </th>
                    <td className="px-5 py-2">{day.total}</td>
                    <td className="px-5 py-2">{day.planned}</td>
                    <td className="px-5 py-2">{day.inProgress}</td>
                    <td className="px-5 py-2">{day.completed}</td>
                    <td className="px-5 py-2">{day.failed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {status.signingKeyChanges.length > 0 ? (
          <div className="border-t border-slate-200 px-5 py-3 text-sm text-slate-700">
            <h3 className="font-semibold text-slate-900">Signing key changes</h3>
            <ul className="mt-1 space-y-1">
              {status.signingKeyChanges.map((key) => (
                <li key={key.kid}>
                  <code className="text-xs">{key.kid}</code> ({key.algorithm}) is {key.state}
                  {key.activatedAt ? (
                    <>
                      , active since <Time date={key.activatedAt} now={now} />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Card>

      <Card aria-labelledby="recent-incidents">
        <CardHeader
          id="recent-incidents"
          title="Recent incidents"
          description={`Resolved in the last ${STATUS_HISTORY_DAYS} days.`}
        />
        {status.recentIncidents.length === 0 ? (
          <EmptyState title="No incidents in the last two weeks" />
        ) : (
          <div className="divide-y divide-slate-100">
            {status.recentIncidents.map((incident) => (
              <IncidentTimeline key={incident.id} incident={incident} now={now} />
            ))}
          </div>
        )}
      </Card>

      <Card aria-labelledby="subscribe">
        <CardHeader
          id="subscribe"
          title="Get incident updates by email"
          description="We email when an incident is opened, updated and resolved. Every email has an unsubscribe link."
        />
        <div className="px-5 py-4">
          <SubscribeForm action={subscribeToStatusAction} />
        </div>
      </Card>
    </main>
  );
}
