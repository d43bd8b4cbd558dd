import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

/** An operator alert from the health checks, sent to staff; `facts` are the numbers behind it. */
export default function OperatorAlertEmail({
  title,
  summary,
  facts,
  dashboardUrl,
}: EmailTemplateProps["operator-alert"]) {
  return (
    <EmailLayout preview={summary} heading={title} action={{ label: "Open the health dashboard", url: dashboardUrl }}>
      <Paragraph>{summary}</Paragraph>
      {facts.map((fact) => (
        <Paragraph key={fact}>{fact}</Paragraph>
      ))}
      <Paragraph>
        You get this alert at most once an hour while the condition lasts. Thresholds are set with the REKEY_ALERT_*
        environment variables.
      </Paragraph>
    </EmailLayout>
  );
}

OperatorAlertEmail.PreviewProps = {
  title: "Outbox backlog",
  summary: "42 notices have waited more than 15 minutes to be delivered.",
  facts: ["Oldest pending notice: 37 minutes.", "Dead deliveries in the last hour: 3."],
  dashboardUrl: "/admin/health",
} satisfies EmailTemplateProps["operator-alert"];
