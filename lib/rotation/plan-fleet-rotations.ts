import { and, desc, eq, gt, inArray, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Ctx } from "@/lib/context";
import type { Executor, Tx } from "@/lib/db";
import { rowsOf } from "@/lib/db/json-rows";
import {
  freezePeriods,
  licenseKeys,
  licenses,
  rotationPolicies,
  rotationPreferences,
  rotations,
} from "@/lib/db/schema";
import { findRotationPolicy } from "./find-rotation-policy";
import { planScheduledRotationOf, type ScheduleCache } from "./plan-next-rotation";
import { OPEN_ROTATION_STATES } from "./rotation-transitions";

const OWN_PREFERENCE = "own_preference";
const ORG_PREFERENCE = "org_preference";
const ownPreference = alias(rotationPreferences, OWN_PREFERENCE);
const orgPreference = alias(rotationPreferences, ORG_PREFERENCE);

/** The facts a license's plan depends on, one row per combination of them in a page. */
interface PlanCase {
  caseKey: string;
  productId: string;
  editionId: string;
  renewedAt: Date | null;
  expiresAt: Date | null;
  termStartsAt: Date;
  preferenceId: string;
  lastRotatedAt: Date | null;
  licenses: number;
  lastLicenseId: string;
}

/**
 * Plans the next scheduled rotation of every active license with a cadence (or a policy key age
 * limit) and no open rotation: the worker's fleet-wide planning. Set-based, a page of licenses in
 * id order at a time (memory stays flat whatever the fleet): one query reads the page's distinct
 * cases (a fleet shares its organisation's preference and often came due together), each case is
 * planned once by the same rule as a single license (planScheduledRotationOf), and one INSERT …
 * SELECT writes the page's rotations. Licenses another worker holds are skipped (SKIP LOCKED) and
 * planned by a later pass; the one-open-rotation index makes a race plan nothing twice.
 */
export async function planFleetRotations(ctx: Ctx, { pageSize }: { pageSize: number }): Promise<number> {
  let planned = 0;
  for (let after: string | null = null; ; ) {
    const page = await ctx.db.transaction((tx) => planFleetPage(tx, ctx, { after, pageSize }));
    planned += page.planned;
    if (page.lastLicenseId === null) return planned;
    after = page.lastLicenseId;
  }
}

async function planFleetPage(
  tx: Tx,
  ctx: Ctx,
  { after, pageSize }: { after: string | null; pageSize: number },
): Promise<{ planned: number; lastLicenseId: string | null }> {
  const cases = await readPlanCases(tx, { after, pageSize });
  if (cases.length === 0) return { planned: 0, lastLicenseId: null };
  const licensesInPage = cases.reduce((sum, planCase) => sum + planCase.licenses, 0);
  const lastLicenseId = cases
    .map((planCase) => planCase.lastLicenseId)
    .sort()
    .at(-1)!;
  const plans = await planCases(tx, ctx.now(), cases);
  const planned =
    plans.length === 0 ? 0 : await insertPlannedRotations(tx, { after, upTo: lastLicenseId, plans, now: ctx.now() });
  return { planned, lastLicenseId: licensesInPage < pageSize ? null : lastLicenseId };
}

/** Active licenses after `after` (up to `upTo`) that may need a plan, with the facts it depends on. */
function candidateLicenses({ after, upTo }: { after: string | null; upTo?: string }): SQL {
  const effective = (column: "id" | "cadenceDays" | "alignWithRenewal") =>
    sql`coalesce(${ownPreference[column]}, ${orgPreference[column]})`;
  return sql`
    select ${licenses.id} as license_id, ${licenses.productId} as product_id, ${licenses.editionId} as edition_id,
      ${licenses.renewedAt} as renewed_at, ${licenses.expiresAt} as expires_at,
      coalesce(${licenses.termStartsAt}, ${licenses.startsAt}) as term_starts_at,
      ${effective("id")} as preference_id,
      (select coalesce(${licenseKeys.activatedAt}, ${licenseKeys.createdAt}) from ${licenseKeys}
        where ${and(eq(licenseKeys.licenseId, licenses.id), eq(licenseKeys.state, "active"))}
        order by ${desc(licenseKeys.createdAt)} limit 1) as last_rotated_at
    from ${licenses}
    left join ${rotationPreferences} as ${sql.identifier(OWN_PREFERENCE)} on ${eq(ownPreference.licenseId, licenses.id)}
    left join ${rotationPreferences} as ${sql.identifier(ORG_PREFERENCE)} on ${eq(orgPreference.orgId, licenses.orgId)} and ${orgPreference.licenseId} is null
    where ${and(
      // isLive (lib/licensing): only an active license rotates.
      eq(licenses.status, "active"),
      after === null ? undefined : gt(licenses.id, after),
      upTo === undefined ? undefined : lte(licenses.id, upTo),
      isNotNull(effective("id")),
      sql`(${effective("cadenceDays")} is not null or ${effective("alignWithRenewal")} or exists (select 1 from ${rotationPolicies} where ${and(
        eq(rotationPolicies.productId, licenses.productId),
        isNotNull(rotationPolicies.maxKeyAgeDays),
      )}))`,
      sql`not exists (select 1 from ${rotations} where ${and(
        eq(rotations.licenseId, licenses.id),
        inArray(rotations.state, OPEN_ROTATION_STATES),
      )})`,
    )}`;
}

/** One text naming a license's combination of facts, the same in both statements of a page. */
const caseKeyOf = (row: string) =>
  sql.raw(
    ["product_id", "edition_id", "renewed_at", "expires_at", "term_starts_at", "preference_id", "last_rotated_at"]
      .map((column) => `coalesce(${row}.${column}::text, '-')`)
      .join(" || '|' || "),
  );

async function readPlanCases(tx: Executor, { after, pageSize }: { after: string | null; pageSize: number }) {
  const rows = rowsOf(
    await tx.execute(sql`
      with page as (${candidateLicenses({ after })} order by ${licenses.id} limit ${pageSize})
      select ${caseKeyOf("page")} as case_key, product_id, edition_id, renewed_at, expires_at, term_starts_at, preference_id,
        last_rotated_at,
        count(*)::int as licenses, max(license_id::text) as last_license_id
      from page
      group by product_id, edition_id, renewed_at, expires_at, term_starts_at, preference_id, last_rotated_at`),
  ) as Record<string, unknown>[];
  const toDate = (value: unknown) => (value === null ? null : new Date(value as string | Date));
  return rows.map(
    (row): PlanCase => ({
      caseKey: String(row.case_key),
      productId: String(row.product_id),
      editionId: String(row.edition_id),
      renewedAt: toDate(row.renewed_at),
      expiresAt: toDate(row.expires_at),
      termStartsAt: toDate(row.term_starts_at)!,
      preferenceId: String(row.preference_id),
      lastRotatedAt: toDate(row.last_rotated_at),
      licenses: Number(row.licenses),
      lastLicenseId: String(row.last_license_id),
    }),
  );
}

/** Each case's rotation, worked out once: the preferences, policies and freezes of the page read once each. */
async function planCases(tx: Executor, now: Date, cases: PlanCase[]) {
  const preferenceIds = [...new Set(cases.map((planCase) => planCase.preferenceId))];
  const productIds = [...new Set(cases.map((planCase) => planCase.productId))];
  const preferences = new Map(
    (await tx.select().from(rotationPreferences).where(inArray(rotationPreferences.id, preferenceIds))).map(
      (preference) => [preference.id, preference],
    ),
  );
  const freezes = await tx.select().from(freezePeriods).where(inArray(freezePeriods.productId, productIds));
  const policies = new Map<string, Awaited<ReturnType<typeof findRotationPolicy>>>();
  const scheduleOf: ScheduleCache = new Map();
  const plans = [];
  for (const planCase of cases) {
    const scope = `${planCase.productId}/${planCase.editionId}`;
    if (!policies.has(scope)) policies.set(scope, await findRotationPolicy(tx, planCase));
    const preference = preferences.get(planCase.preferenceId);
    if (!preference || !planCase.lastRotatedAt) continue;
    const plan = planScheduledRotationOf(
      {
        license: planCase,
        preference,
        policy: policies.get(scope)!,
        lastRotatedAt: planCase.lastRotatedAt,
        freezes,
        now,
      },
      scheduleOf,
    );
    if (plan) plans.push({ caseKey: planCase.caseKey, ...plan });
  }
  return plans;
}

async function insertPlannedRotations(
  tx: Executor,
  {
    after,
    upTo,
    plans,
    now,
  }: {
    after: string | null;
    upTo: string;
    plans: (NonNullable<ReturnType<typeof planScheduledRotationOf>> & { caseKey: string })[];
    now: Date;
  },
): Promise<number> {
  const encoded = JSON.stringify(
    plans.map((plan) => ({
      case_key: plan.caseKey,
      kind: plan.kind,
      state: plan.state,
      policy_id: plan.policyId,
      scheduled_for: plan.scheduledFor.toISOString(),
      next_step_at: plan.nextStepAt?.toISOString() ?? null,
      overlap_minutes: plan.overlapMinutes,
      reason: plan.reason,
    })),
  );
  const [row] = rowsOf(
    await tx.execute(sql`
      with page as (${candidateLicenses({ after, upTo })} for update of ${licenses} skip locked),
      plan as (
        select * from jsonb_to_recordset(${encoded}::jsonb) as plan(
          case_key text, kind rotation_kind, state rotation_state, policy_id uuid, scheduled_for timestamptz,
          next_step_at timestamptz, overlap_minutes integer, reason text)
      ),
      inserted as (
        insert into ${rotations} (license_id, kind, state, policy_id, scheduled_for, next_step_at, overlap_minutes, reason, created_at, updated_at)
        select page.license_id, plan.kind, plan.state, plan.policy_id, plan.scheduled_for, plan.next_step_at,
          plan.overlap_minutes, plan.reason, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from page join plan on plan.case_key = ${caseKeyOf("page")}
        on conflict do nothing
        returning 1
      )
      select count(*)::int as planned from inserted`),
  ) as { planned: number }[];
  return Number(row!.planned);
}
