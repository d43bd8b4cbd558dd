/** RFC 4180 CSV of audit events; cells that a spreadsheet would run as a formula are quoted inert. */
const HEADER = ["id", "occurred_at", "actor", "action", "subject_type", "subject_id", "reason", "data"];

function cell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  // CSV injection: a leading =, +, - or @ makes Excel evaluate the cell.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditEventsToCsv(
  events: {
    id: number;
    occurredAt: Date;
    actorLabel: string;
    action: string;
    subjectType: string;
    subjectId: string;
    reason: string | null;
    data: unknown;
  }[],
): string {
  const rows = events.map((event) =>
    [
      event.id,
      event.occurredAt.toISOString(),
      event.actorLabel,
      event.action,
      event.subjectType,
      event.subjectId,
      event.reason,
      event.data,
    ]
      .map(cell)
      .join(","),
  );
  return `${[HEADER.join(","), ...rows].join("\r\n")}\r\n`;
}
