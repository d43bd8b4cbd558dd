import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { outbox } from "@/lib/db/schema";
import type { EmailMessage } from "./email";

export interface MailboxMessage {
  id: string;
  createdAt: Date;
  status: string;
  message: EmailMessage;
}

/** Development mailbox: the emails the outbox holds, newest first, optionally for one recipient. */
export async function listMailbox(
  db: Db,
  { to, limit = 50, before }: { to?: string; limit?: number; before?: Date } = {},
): Promise<MailboxMessage[]> {
  const rows = await db
    .select({ id: outbox.id, payload: outbox.payload, createdAt: outbox.createdAt, status: outbox.status })
    .from(outbox)
    .where(
      and(
        eq(outbox.kind, "email"),
        // Rows written before emails became templates carry no template to render.
        sql`${outbox.payload} ? 'template'`,
        to ? sql`lower(${outbox.payload}->>'to') = ${to.toLowerCase()}` : undefined,
        before ? lt(outbox.createdAt, before) : undefined,
      ),
    )
    .orderBy(desc(outbox.createdAt))
    .limit(Math.min(limit, 200));
  return rows.map(({ payload, ...row }) => {
    const { to: recipient, subject, template, props } = payload as EmailMessage;
    return { ...row, message: { to: recipient, subject, template, props } as EmailMessage };
  });
}
