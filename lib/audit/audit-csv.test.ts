import { describe, expect, it } from "vitest";
import { auditEventsToCsv } from "./audit-csv";

describe("audit CSV export", () => {
  it("quotes separators and neutralises formula injection", () => {
    const csv = auditEventsToCsv([
      {
        id: 7,
        occurredAt: new Date("2026-11-23T12:00:00Z"),
        actorLabel: "alice@acme.example",
        action: "rotation.completed",
        subjectType: "license",
        subjectId: "l-1",
        reason: '=HYPERLINK("evil"), "quoted"',
        data: { a: 1 },
      },
    ]);
    expect(csv).toBe(
      'id,occurred_at,actor,action,subject_type,subject_id,reason,data\r\n7,2026-11-23T12:00:00.000Z,alice@acme.example,rotation.completed,license,l-1,"\'=HYPERLINK(""evil""), ""quoted""","{""a"":1}"\r\n',
    );
  });
});
