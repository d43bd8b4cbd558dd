import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { CreateIncidentForm, IncidentUpdateForm } from "@/components/admin/incident-forms";
import { IncidentTimeline } from "@/components/status/incident-timeline";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffContext } from "@/lib/auth/session";
import {
  INCIDENT_IMPACT_LABELS,
  INCIDENT_STATE_LABELS,
  incidentMachine,
  incidentTransitions,
  listIncidentsForStaff,
  STATUS_COMPONENTS,
} from "@/lib/status";
import { pageSchema } from "@/lib/validations/lifecycle";
import { createIncidentAction, postIncidentUpdateAction } from "./actions";
import { viewerOf } from "@/lib/auth/viewer";
import { canAct } from "@/lib/state-machine";

export const metadata: Metadata = { title: "Status page" };

const choices = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

export default async function AdminStatusPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const { page } = pageSchema.parse(await searchParams);
  const { incidents, hasNext } = await listIncidentsForStaff(ctx.db, { page });
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Status page"
        description={
          <>
            Incidents shown on the public{" "}
            <Link className="underline" href="/status">
              status page
            </Link>
            . Every update is emailed to confirmed subscribers.
          </>
        }
      />
      <div className="space-y-6">
        <Card aria-labelledby="new-incident">
          <CardHeader id="new-incident" title="Open an incident" />
          <CreateIncidentForm
            components={choices(STATUS_COMPONENTS)}
            impacts={choices(INCIDENT_IMPACT_LABELS)}
            action={createIncidentAction}
          />
        </Card>
        <Card aria-labelledby="incidents">
          <CardHeader id="incidents" title="Incidents" description="Open incidents first, then the newest." />
          {incidents.length === 0 ? (
            <EmptyState title="No incidents yet">Open one above when customers are affected.</EmptyState>
          ) : (
            <div className="divide-y divide-slate-100">
              {incidents.map((incident) => (
                <div key={incident.id}>
                  <IncidentTimeline incident={incident} now={now} />
                  {canAct(incidentMachine, "postUpdate", incident, viewerOf(ctx)) ? (
                    <div className="px-5 pb-4">
                      <IncidentUpdateForm
                        incidentId={incident.id}
                        title={incident.title}
                        state={incident.state}
                        states={[incident.state, ...incidentTransitions[incident.state]].map((value) => ({
                          value,
                          label: INCIDENT_STATE_LABELS[value],
                        }))}
                        action={postIncidentUpdateAction}
                      />
                    </div>
                  ) : null}
                </div>
              ))}
            </div>
          )}
          <nav aria-label="Pagination" className="flex justify-end gap-3 border-t border-slate-200 px-5 py-3 text-sm">
            {page > 1 ? (
              <Link className="font-medium text-brand-700 hover:underline" href={`/admin/status?page=${page - 1}`}>
                Newer
              </Link>
            ) : null}
            {hasNext ? (
              <Link className="font-medium text-brand-700 hover:underline" href={`/admin/status?page=${page + 1}`}>
                Older
              </Link>
            ) : null}
          </nav>
        </Card>
      </div>
    </>
  );
}
