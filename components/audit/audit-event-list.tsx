import { AuditSentence } from "@/components/audit/audit-sentence";
import { Time } from "@/components/ui/time";
import { describeAuditEvent } from "@/lib/audit/event-sentences";

export interface ListedAuditEvent {
  id: number;
  occurredAt: Date;
  action: string;
  actorType: string;
  actorLabel: string;
  data: unknown;
  reason: string | null;
  /** Staff lists only: then `reason` is the internal note, and this what the customer was told. */
  customerMessage?: string | null;
}

/**
 * Audit events as people scan them: a sentence saying who did what (lib/audit/event-sentences.ts), why, and when. `describe` adds
 * what the event was about, for lists where that is not obvious from the page.
 */
export function AuditEventList<E extends ListedAuditEvent>({
  label,
  events,
  now,
  describe,
}: {
  label: string;
  events: E[];
  now: Date;
  describe?: (event: E) => string;
}) {
  return (
    <ol aria-label={label} className="divide-y divide-slate-100">
      {events.map((event) => (
        <li key={event.id} className="flex flex-wrap justify-between gap-2 px-5 py-3 text-sm">
          <span>
            <AuditSentence parts={describeAuditEvent(event)} />
            {/* biome-ignore lint/correctness/usePlaywrightValidDescribeCallback: `describe` is this list's own prop, not Playwright's */}
            {describe ? ` ${describe(event)}` : ""}
            {event.customerMessage === undefined ? (
              event.reason ? (
                <span className="text-slate-600"> — {event.reason}</span>
              ) : null
            ) : (
              <>
                {event.reason ? <span className="block text-slate-600">Internal note: {event.reason}</span> : null}
                {event.customerMessage ? (
                  <span className="block text-slate-600">Message to the customer: {event.customerMessage}</span>
                ) : null}
              </>
            )}
          </span>
          <Time date={event.occurredAt} now={now} mode="relative" />
        </li>
      ))}
    </ol>
  );
}
