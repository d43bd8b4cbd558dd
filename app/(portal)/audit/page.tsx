import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { describeAuditEvent, listOrgAuditEvents } from "@/lib/audit";
import { requireOrgContext } from "@/lib/auth/session";
import { AUDIT_CATEGORIES, auditQuerySchema } from "@/lib/validations/audit";
import { AuditSentence } from "@/components/audit/audit-sentence";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requireOrgContext();
  const query = auditQuerySchema.parse(await searchParams);
  const { events, nextBefore } = await listOrgAuditEvents(ctx, {
    actionPrefix: AUDIT_CATEGORIES[query.category].prefix,
    before: query.before,
    limit: 50,
  });
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          <>
            Every change in your organization, tamper-evident: download the verifiable export and check it yourself with{" "}
            <Link className="text-brand-700 underline hover:no-underline" href="/help#snippet-audit-export">
              the verification script
            </Link>{" "}
            and our published keys.
          </>
        }
        actions={
          <>
            <a className={buttonClass("secondary")} href="/audit/verifiable-export" download>
              Download verifiable export
            </a>
            <a className={buttonClass("secondary")} href={`/audit/export?category=${query.category}`} download>
              Export CSV
            </a>
          </>
        }
      />
      <nav aria-label="Filter by category" className="mb-4 flex flex-wrap gap-2">
        {Object.entries(AUDIT_CATEGORIES).map(([key, category]) => (
          <Link
            key={key}
            href={`/audit?category=${key}`}
            aria-current={query.category === key ? "page" : undefined}
            className="rounded-full px-3 py-1 text-sm ring-1 ring-slate-300 aria-[current=page]:bg-brand-600 aria-[current=page]:text-white aria-[current=page]:ring-brand-600"
          >
            {category.label}
          </Link>
        ))}
      </nav>
      <Card>
        {events.length === 0 ? (
          <EmptyState title="Nothing recorded here yet" />
        ) : (
          <ol aria-label="Audit events" className="divide-y divide-slate-100">
            {events.map((event) => (
              <li key={event.id} className="flex flex-wrap justify-between gap-2 px-5 py-3 text-sm">
                <span>
                  <AuditSentence parts={describeAuditEvent(event)} />
                  {event.subjectType === "license" ? (
                    <>
                      {" "}
                      on{" "}
                      <Link
                        className="text-brand-700 underline hover:no-underline"
                        href={`/licenses/${event.subjectId}`}
                      >
                        license {event.subjectId.slice(0, 8)}
                      </Link>
                    </>
                  ) : null}
                  {event.reason ? <span className="text-slate-600"> — {event.reason}</span> : null}
                </span>
                <Time date={event.occurredAt} now={now} mode="relative" />
              </li>
            ))}
          </ol>
        )}
        {nextBefore ? (
          <div className="border-t border-slate-200 px-5 py-3 text-sm">
            <Link
              className="font-medium text-brand-700 hover:underline"
              href={`/audit?category=${query.category}&before=${nextBefore}`}
            >
              Older entries
            </Link>
          </div>
        ) : null}
      </Card>
    </>
  );
}
