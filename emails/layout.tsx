import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import type { ReactNode } from "react";

const styles = {
  body: {
    backgroundColor: "#ffffff",
    color: "#111111",
    fontFamily: "system-ui, -apple-system, 'Segoe UI', sans-serif",
  },
  container: { maxWidth: "560px", margin: "0 auto", padding: "24px" },
  heading: { fontSize: "20px", margin: "0 0 16px" },
  text: { fontSize: "15px", lineHeight: "1.5", margin: "0 0 16px" },
  button: {
    backgroundColor: "#4338ca",
    color: "#ffffff",
    padding: "12px 20px",
    borderRadius: "6px",
    fontWeight: 600,
    textDecoration: "none",
  },
  secondaryButton: {
    backgroundColor: "#ffffff",
    color: "#3730a3",
    border: "1px solid #c7d2fe",
    padding: "11px 19px",
    borderRadius: "6px",
    fontWeight: 600,
    textDecoration: "none",
    marginLeft: "8px",
  },
  small: { fontSize: "13px", color: "#555555", margin: "0 0 16px" },
  footer: { fontSize: "12px", color: "#777777", margin: "0" },
} as const;

export interface EmailAction {
  label: string;
  url: string;
}

/**
 * Every Rekey email: a heading, short paragraphs, one main action (and optional secondary ones)
 * with the raw link spelled out, because some readers cannot or will not click buttons.
 */
export function EmailLayout({
  preview,
  heading,
  children,
  action,
  secondaryActions = [],
}: {
  preview: string;
  heading: string;
  children: ReactNode;
  action?: EmailAction;
  secondaryActions?: EmailAction[];
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          {action ? (
            <Section style={{ margin: "24px 0" }}>
              <Button href={action.url} style={styles.button}>
                {action.label}
              </Button>
              {secondaryActions.map((secondary) => (
                <Button key={secondary.url} href={secondary.url} style={styles.secondaryButton}>
                  {secondary.label}
                </Button>
              ))}
            </Section>
          ) : null}
          {action ? (
            <Text style={styles.small}>
              Or paste this link into your browser:
              <br />
              <Link href={action.url} style={{ wordBreak: "break-all" }}>
                {action.url}
              </Link>
            </Text>
          ) : null}
          <Hr />
          <Text style={styles.footer}>Rekey · license and key-rotation portal</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.text}>{children}</Text>;
}
