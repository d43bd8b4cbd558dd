import { and, desc, eq, gte, isNotNull, count } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import {
  licenses,
  organizations,
  products,
  rotationFeedback,
  rotationFeedbackAnswer,
  rotations,
} from "@/lib/db/schema";
import { zeroFilledCounts } from "./zero-filled-counts";

type FeedbackAnswer = (typeof rotationFeedbackAnswer.enumValues)[number];

export interface RotationFeedbackSummary {
  counts: Record<FeedbackAnswer, number>;
  /** Share of yes among yes/no answers; dismissals are not answers. */
  smoothPercent: number | null;
  recentComments: {
    id: string;
    answer: FeedbackAnswer;
    comment: string;
    orgName: string;
    productName: string;
    createdAt: Date;
  }[];
}

/** "Did this rotation go smoothly?" answers since `since`, with the latest comments. */
export async function summarizeRotationFeedback(
  db: Executor,
  { since, limit = 10 }: { since: Date; limit?: number },
): Promise<RotationFeedbackSummary> {
  const [rows, recentComments] = await Promise.all([
    db
      .select({ value: rotationFeedback.answer, total: count() })
      .from(rotationFeedback)
      .where(gte(rotationFeedback.createdAt, since))
      .groupBy(rotationFeedback.answer),
    db
      .select({
        id: rotationFeedback.id,
        answer: rotationFeedback.answer,
        comment: rotationFeedback.comment,
        orgName: organizations.name,
        productName: products.name,
        createdAt: rotationFeedback.createdAt,
      })
      .from(rotationFeedback)
      .innerJoin(organizations, eq(organizations.id, rotationFeedback.orgId))
      .innerJoin(rotations, eq(rotations.id, rotationFeedback.rotationId))
      .innerJoin(licenses, eq(licenses.id, rotations.licenseId))
      .innerJoin(products, eq(products.id, licenses.productId))
      .where(and(gte(rotationFeedback.createdAt, since), isNotNull(rotationFeedback.comment)))
      .orderBy(desc(rotationFeedback.createdAt))
      .limit(limit),
  ]);
  const counts = zeroFilledCounts(rotationFeedbackAnswer.enumValues, rows);
  const answered = counts.smooth + counts.not_smooth;
  return {
    counts,
    smoothPercent: answered === 0 ? null : Math.round((counts.smooth / answered) * 1000) / 10,
    recentComments: recentComments.map((row) => ({ ...row, comment: row.comment! })),
  };
}
