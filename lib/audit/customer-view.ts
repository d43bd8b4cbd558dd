import type { Actor } from "@/lib/context";

/**
 * DESIGN.md §4: a staff reason has two parts. The internal note (the audit event's `reason`
 * column, with `data.reasonCategory`) is for staff only; the optional message to the customer
 * (`data.customerMessage`) is all of it an organisation ever reads. Anything else an actor types
 * (a customer's own reason, the system's sentences) is theirs to read.
 */
export function reasonForCustomer(
  actor: Actor,
  { reason, customerMessage }: { reason?: string | null; customerMessage?: string | null },
): string | null {
  return actor.type === "staff" ? (customerMessage ?? null) : (reason ?? null);
}

/** Staff-only keys of an event's data: the customer's copy drops them. */
const STAFF_ONLY_DATA = ["reasonCategory", "customerMessage"] as const;

/**
 * An audit event as the customer's organisation sees it (portal Activity, audit page, CSV export):
 * a staff member's internal note is replaced by their message to the customer, or nothing. Rows
 * written before the two parts existed hold only the note, so they show nothing either.
 */
export function customerViewOfEvent<E extends { actorType: string; reason: string | null; data: unknown }>(
  event: E,
): E {
  if (event.actorType !== "staff") return event;
  const data = { ...(event.data as Record<string, unknown>) };
  const customerMessage = typeof data.customerMessage === "string" ? data.customerMessage : null;
  for (const key of STAFF_ONLY_DATA) delete data[key];
  return { ...event, reason: customerMessage, data };
}

/** What staff see beside the internal note: the message the customer got, if any. */
export function customerMessageOf(data: unknown): string | null {
  const message = (data as Record<string, unknown> | null)?.customerMessage;
  return typeof message === "string" ? message : null;
}
