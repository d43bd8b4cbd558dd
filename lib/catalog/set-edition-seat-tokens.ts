import { and, count, eq, gte, notExists, sql } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { auditEvents, editions, licenseSeatAssignments, licenses } from "@/lib/db/schema";
import { InvalidInput, NotFound } from "@/lib/errors";
import { NAMED_USER_SEAT_MODEL } from "@/lib/seats";
import type { SetEditionSeatTokensInput } from "@/lib/validations/catalog";
import { requireCatalogueAdmin } from "./require-catalogue-admin";

/**
 * Seat holders of the edition's licenses who have not copied their seat token since they were given
 * their seat: once tokens are required, their software stops validating by email until they do. A
 * copy is known from the license's trail (`license_seat.token_revealed`, lib/seats/reveal-own-seat-token.ts),
 * and only one made after the seat was (re)assigned counts: a reassignment makes a new token.
 */
export async function countSeatHoldersWithoutToken(db: Executor, editionId: string): Promise<number> {
  const [row] = await db
    .select({ holders: count() })
    .from(licenseSeatAssignments)
    .innerJoin(licenses, eq(licenses.id, licenseSeatAssignments.licenseId))
    .where(
      and(
        eq(licenses.editionId, editionId),
        notExists(
          db
            .select({ id: auditEvents.id })
            .from(auditEvents)
            .where(
              and(
                eq(auditEvents.subjectType, "license"),
                eq(auditEvents.subjectId, sql`${licenseSeatAssignments.licenseId}::text`),
                eq(auditEvents.action, "license_seat.token_revealed"),
                eq(sql`${auditEvents.data}->>'userId'`, licenseSeatAssignments.userId),
                gte(auditEvents.occurredAt, licenseSeatAssignments.assignedAt),
              ),
            ),
        ),
      ),
    );
  return row?.holders ?? 0;
}

/**
 * An admin turns "Require seat tokens" on or off for a named-user edition after its creation
 * (issue 18): on, validation accepts only a seat holder's token, not a bare email. The answer says
 * how many seat holders have no token yet, so the admin knows who will be asked for one.
 */
export async function setEditionSeatTokens(ctx: StaffCtx, input: SetEditionSeatTokensInput) {
  requireCatalogueAdmin(ctx, "change editions");
  return ctx.db.transaction(async (tx) => {
    const [edition] = await tx.select().from(editions).where(eq(editions.id, input.editionId)).for("update");
    if (!edition) throw new NotFound("Edition not found.");
    if (edition.seatModel !== NAMED_USER_SEAT_MODEL)
      throw new InvalidInput("Seat tokens are for named-user editions.", {
        requireSeatToken: [`${edition.name} counts seats by ${edition.seatModel}, not by person.`],
      });
    const holdersWithoutToken = await countSeatHoldersWithoutToken(tx, edition.id);
    if (edition.requireSeatToken === input.requireSeatToken) return { edition, holdersWithoutToken };
    const [updated] = await tx
      .update(editions)
      .set({ requireSeatToken: input.requireSeatToken })
      .where(eq(editions.id, edition.id))
      .returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      action: "edition.seat_tokens_changed",
      subjectType: "product",
      subjectId: edition.productId,
      reason: input.reason,
      data: {
        editionId: edition.id,
        requireSeatToken: input.requireSeatToken,
        reasonCategory: input.reasonCategory,
        holdersWithoutToken,
      },
    });
    return { edition: updated!, holdersWithoutToken };
  });
}
