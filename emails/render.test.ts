import { describe, expect, it } from "vitest";
import {
  licenseNoticeEmail,
  overlapEndingEmail,
  renewalReminderEmail,
  rotationDigestEmail,
  rotationNoticeEmail,
  signInEmail,
  type EmailTemplateName,
} from "@/lib/notify";
import { createEmailRenderer, EMAIL_TEMPLATES } from "./index";

const render = createEmailRenderer({ baseUrl: "https://portal.example" });
const licenseId = "6f1c9a52-3a43-4c8e-9d0e-0a5b9e1d2c3f";
const rotationId = "0b7e6d1e-6a55-4a8f-b3f4-2f2d3f8e9a10";

describe("email templates", () => {
  it("put every link of every template's plain-text part on a line of its own", async () => {
    for (const [name, template] of Object.entries(EMAIL_TEMPLATES)) {
      const email = await render({
        template: name as EmailTemplateName,
        to: "owner@customer.example",
        subject: name,
        props: template.PreviewProps,
      } as Parameters<typeof render>[0]);
      const linkLines = email.text.split("\n").filter((line) => /https?:\/\//.test(line));
      expect(linkLines.length, name).toBeGreaterThan(0);
      for (const line of linkLines) expect(line, name).toMatch(/^https?:\/\/\S+$/);
    }
  });

  it("render the upcoming-rotation notice with the deep link, both one-click links and the recipient's time zone", async () => {
    const email = await render(
      rotationNoticeEmail({
        to: "owner@customer.example",
        productName: "Atlas Server",
        editionName: "Enterprise",
        rotatesAt: "2026-12-29T21:00:00.000Z",
        timeZone: "Europe/Berlin",
        overlapMinutes: 2 * 1440,
        isNewKeyReady: true,
        licenseUrl: `/licenses/${licenseId}#key`,
        rotateNowUrl: `/licenses/${licenseId}/rotation/rotate-now?rotation=${rotationId}&at=2026-12-29T21%3A00%3A00.000Z`,
        postponeUrl: `/licenses/${licenseId}/rotation/postpone?rotation=${rotationId}&at=2026-12-29T21%3A00%3A00.000Z`,
      }),
    );
    expect(email.subject).toBe("Key rotation for Atlas Server on 29 Dec");
    expect(email.html).toContain(`href="https://portal.example/licenses/${licenseId}#key"`);
    expect(email.html).toContain(
      `https://portal.example/licenses/${licenseId}/rotation/rotate-now?rotation=${rotationId}&amp;at=`,
    );
    expect(email.html).toContain(
      `https://portal.example/licenses/${licenseId}/rotation/postpone?rotation=${rotationId}&amp;at=`,
    );
    expect(email.html).toMatch(/>Rotate now</);
    expect(email.html).toMatch(/>Postpone</);
    // 21:00 UTC is 22:00 in Berlin in winter; the zone is named so nobody has to guess.
    expect(email.html).toContain("Tuesday, 29 December 2026 at 22:00 CET (Europe/Berlin)");
    expect(email.text).toContain("Tuesday, 29 December 2026 at 22:00 CET (Europe/Berlin)");
    expect(email.text).toContain("Thursday, 31 December 2026 at 22:00 CET");
    expect(email.text).toContain(`https://portal.example/licenses/${licenseId}/rotation/postpone`);
    expect(email.text).not.toContain("<");
  });

  it("render a window's digest with the count per product and the way into the portal", async () => {
    const email = await render(
      rotationDigestEmail({ to: "owner@customer.example", ...EMAIL_TEMPLATES["rotation-digest"].PreviewProps }),
    );
    expect(email.subject).toBe("1250 license keys rotate on 8 Dec");
    expect(email.text).toContain(
      "1250 license keys of your organization rotate on Tuesday, 8 December 2026 at 22:00 CET (Europe/Berlin): Atlas Server (1000), Atlas Desktop (250).",
    );
    expect(email.html).toContain(`href="https://portal.example/"`);
  });

  it("count the devices that will need the new key in the upcoming-rotation notice, the link to them on its own line", async () => {
    const preview = EMAIL_TEMPLATES["rotation-upcoming"].PreviewProps;
    const adoptionUrl = `https://portal.example/licenses/${licenseId}/devices`;
    const email = await render(
      rotationNoticeEmail({
        to: "owner@customer.example",
        ...preview,
        adoption: { onNewKey: 0, onOldKey: 3, notSeen: 0 },
        adoptionUrl,
      }),
    );
    expect(email.text).toContain("3 devices will need the new key.");
    expect(email.text.split("\n")).toContain(adoptionUrl);
    const partlyUpdated = await render(rotationNoticeEmail({ to: "owner@customer.example", ...preview }));
    expect(partlyUpdated.text).toContain("3 devices will need the new key; 1 already presents it.");
    // A notice queued before devices were counted renders without the sentence rather than failing.
    const { adoption: _counted, adoptionUrl: _link, ...queuedEarlier } = preview;
    expect((await render(rotationNoticeEmail({ to: "owner@customer.example", ...queuedEarlier }))).text).not.toContain(
      "need the new key",
    );
  });

  it("say in the overlap-ending notice when the old key stops and how many devices still present it", async () => {
    const email = await render(
      overlapEndingEmail({
        to: "owner@customer.example",
        ...EMAIL_TEMPLATES["rotation-overlap-ending"].PreviewProps,
        adoption: { onNewKey: 1, onOldKey: 1, notSeen: 1 },
      }),
    );
    expect(email.subject).toBe("The old Atlas Server key stops working on 15 Dec");
    expect(email.text).toContain("stops working on Tuesday, 15 December 2026 at 22:00 CET (Europe/Berlin)");
    expect(email.text).toContain(
      "1 device presents the new key; 1 still presents the old one, and 1 has not been seen since the new key was issued.",
    );
    expect(email.text.split("\n")).toContain(
      "https://portal.example/licenses/00000000-0000-4000-8000-000000000000#adoption",
    );
  });

  it("show the same moment in another recipient's zone", async () => {
    const email = await render(
      renewalReminderEmail({
        to: "ops@customer.example",
        productName: "Atlas Server",
        editionName: "Enterprise",
        expiresAt: "2027-01-31T23:00:00.000Z",
        timeZone: "Asia/Tokyo",
        graceDays: 14,
        renewUrl: `/licenses/${licenseId}#renewal`,
        licenseUrl: `/licenses/${licenseId}`,
      }),
    );
    expect(email.subject).toBe("Your Atlas Server license expires on 1 Feb");
    expect(email.text).toContain("Monday, 1 February 2027 at 08:00 GMT+9 (Asia/Tokyo)");
    expect(email.text).toContain("grace period of 14 days");
    expect(email.html).toContain(`href="https://portal.example/licenses/${licenseId}#renewal"`);
  });

  it("name the way back in a revocation notice: undo inside the window, or a new key", async () => {
    const email = await render(
      licenseNoticeEmail({
        to: "owner@customer.example",
        kind: "revoking",
        productName: "Atlas Server",
        editionName: "Enterprise",
        reason: "Contract ended",
        licenseUrl: `/licenses/${licenseId}`,
        revokesAt: new Date("2026-11-26T12:00:00Z"),
      }),
    );
    expect(email.subject).toBe("Your Atlas Server license will be revoked");
    expect(email.text).toContain("Reason given: Contract ended");
    expect(email.text).toContain("undone from the license page");
    expect(email.text).toContain("ask support to reissue one");
    expect(email.text).toContain("Thu, 26 Nov 2026 12:00:00 GMT");
  });

  it("escape what a customer typed instead of interpreting it", async () => {
    const email = await render(
      signInEmail({
        to: "a@b.example",
        url: 'https://portal.example/x?"><script>alert(1)</script>',
        expiresInMinutes: 15,
      }),
    );
    expect(email.html).not.toContain("<script>");
  });

  it("render every template with its preview facts, as HTML and as plain text", async () => {
    for (const template of Object.keys(EMAIL_TEMPLATES) as EmailTemplateName[]) {
      const email = await render({
        to: "preview@x.example",
        subject: template,
        template,
        props: EMAIL_TEMPLATES[template].PreviewProps,
      } as Parameters<typeof render>[0]);
      expect(email.html, template).toMatch(/^<!DOCTYPE html/);
      expect(email.text.length, template).toBeGreaterThan(80);
      expect(email.text, template).toContain("https://");
    }
  });

  it("refuses a message whose template does not exist, so the outbox records why", async () => {
    await expect(
      render({ to: "x@y.example", subject: "?", template: "gone", props: {} } as unknown as Parameters<
        typeof render
      >[0]),
    ).rejects.toThrow(/No email template named "gone"/);
  });
});
