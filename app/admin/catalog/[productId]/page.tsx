import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { NewEditionForm, NewFeatureForm } from "@/components/admin/provisioning-forms";
import { ActionFields } from "@/components/admin/action-fields";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { requireStaffContext } from "@/lib/auth/session";
import { countSeatHoldersWithoutToken, getProduct, type EditionSummary } from "@/lib/catalog";
import { NAMED_USER_SEAT_MODEL } from "@/lib/seats";
import { NotFound } from "@/lib/errors";
import { addFeatureAction, createEditionAction, setEditionSeatTokensAction } from "../actions";

export const metadata: Metadata = { title: "Product · Catalogue" };

async function loadProduct(productId: string) {
  const ctx = await requireStaffContext();
  if (!z.uuid().safeParse(productId).success) notFound();
  try {
    return { ctx, product: await getProduct(ctx, productId) };
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
}

export default async function ProductPage({ params }: { params: Promise<{ productId: string }> }) {
  const { ctx, product } = await loadProduct((await params).productId);
  const isAdmin = ctx.actor.role === "admin";
  const namedUserEditions = await Promise.all(
    product.editions
      .filter((edition) => edition.seatModel === NAMED_USER_SEAT_MODEL)
      .map(async (edition) => ({
        ...edition,
        holdersWithoutToken: await countSeatHoldersWithoutToken(ctx.db, edition.id),
      })),
  );
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin/catalog" className="hover:underline">
            ← Catalogue
          </Link>
        }
        title={product.name}
        description={
          <>
            Code <span className="font-mono">{product.code}</span>
            {product.description ? ` · ${product.description}` : ""}
          </>
        }
      />
      <div className="space-y-6">
        <Card aria-labelledby="editions">
          <CardHeader id="editions" title="Editions" description="What a new license of each edition starts with." />
          {product.editions.length === 0 ? (
            <EmptyState title="No editions yet">
              {isAdmin
                ? "Add one below; licenses are issued per edition."
                : "An admin adds editions; licenses are issued per edition."}
            </EmptyState>
          ) : (
            <SimpleTable
              caption={`Editions of ${product.name}`}
              headings={[
                "Edition",
                "Entitlements",
                "Default seats",
                "Seats counted",
                "Usage quotas",
                "After expiry",
                "Default term",
                "Offline grace",
              ]}
            >
              {product.editions.map((edition) => (
                <tr key={edition.id}>
                  <td className="px-5 py-3">
                    <span className="font-medium">{edition.name}</span>{" "}
                    <span className="font-mono text-xs text-slate-500">{edition.code}</span>
                  </td>
                  <td className="px-5 py-3 font-mono text-xs">{edition.entitlements.join(", ") || "none"}</td>
                  <td className="px-5 py-3">{edition.defaultSeats}</td>
                  <td className="px-5 py-3">{describeSeatModel(edition)}</td>
                  <td className="px-5 py-3">{describeUsageQuotas(edition)}</td>
                  <td className="px-5 py-3">{describeExpiryStrategy(edition)}</td>
                  <td className="px-5 py-3">
                    {edition.defaultTermDays === null ? "Perpetual" : `${edition.defaultTermDays} days`}
                  </td>
                  <td className="px-5 py-3">{edition.defaultOfflineGraceDays} days</td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>
        <Card aria-labelledby="features">
          <CardHeader id="features" title="Features" description="Entitlement codes the product's software checks." />
          {product.features.length === 0 ? (
            <EmptyState title="No features yet" />
          ) : (
            <SimpleTable caption={`Features of ${product.name}`} headings={["Feature", "Code"]}>
              {product.features.map((feature) => (
                <tr key={feature.id}>
                  <td className="px-5 py-3">{feature.name}</td>
                  <td className="px-5 py-3 font-mono text-xs">{feature.code}</td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>
        {isAdmin ? (
          <>
            {namedUserEditions.length > 0 ? (
              <Card aria-labelledby="seat-tokens">
                <CardHeader
                  id="seat-tokens"
                  title="Seat tokens"
                  description="Named-user editions: whether validation accepts only a seat holder's token, or also their email."
                />
                <ul className="space-y-3 px-5 py-4 text-sm">
                  {namedUserEditions.map((edition) => (
                    <li key={edition.id} className="flex flex-wrap items-center justify-between gap-3">
                      <span>
                        {edition.name}: {edition.requireSeatToken ? "seat tokens required" : "email or seat token"}
                      </span>
                      <ActionDialog
                        triggerLabel={`Seat tokens for ${edition.name}…`}
                        title={`Seat tokens for ${edition.name}`}
                        impact={
                          <p>
                            Required, the software must send the seat holder&apos;s token (copied from the
                            license&apos;s Seats page); an email alone is refused with SEAT_NOT_ASSIGNED.{" "}
                            {edition.holdersWithoutToken} seat holder
                            {edition.holdersWithoutToken === 1 ? " has" : "s have"} not copied a token since their seat
                            was given, and would need to before their software validates again.
                          </p>
                        }
                        hidden={{ editionId: edition.id }}
                        confirmLabel="Save"
                        successMessage="Seat-token rule saved."
                        action={setEditionSeatTokensAction}
                      >
                        <ActionFields
                          fields={[
                            {
                              name: "requireSeatToken",
                              label: "Require seat tokens",
                              type: "checkbox",
                              defaultValue: edition.requireSeatToken ? "on" : undefined,
                            },
                          ]}
                        />
                        <StaffReasonFields />
                      </ActionDialog>
                    </li>
                  ))}
                </ul>
              </Card>
            ) : null}
            <Card aria-labelledby="new-feature">
              <CardHeader id="new-feature" title="New feature" />
              <NewFeatureForm productId={product.id} action={addFeatureAction} />
            </Card>
            <Card aria-labelledby="new-edition">
              <CardHeader id="new-edition" title="New edition" />
              <NewEditionForm productId={product.id} features={product.features} action={createEditionAction} />
            </Card>
          </>
        ) : null}
      </div>
    </>
  );
}

/** The edition's licensing model in one phrase (issue 18). */
function describeSeatModel(edition: {
  seatModel: string;
  requireSeatToken: boolean;
  floatingLeaseMinutes: number;
  maxBorrowDays: number;
  maxDeviceTransfers: number | null;
  deviceTransferPeriodDays: number;
}) {
  // On a named-user edition the transfer limit counts seats given to another person (transfer-policy.ts).
  const transfers = (moves: string) =>
    edition.maxDeviceTransfers === null
      ? ""
      : `, ${edition.maxDeviceTransfers} ${moves} per ${edition.deviceTransferPeriodDays} days`;
  if (edition.seatModel === "device") return `Per device${transfers("device transfers")}`;
  if (edition.seatModel === "user")
    return `Named users${edition.requireSeatToken ? " by seat token" : ""}${transfers("seat reassignments")}`;
  const borrowing = edition.maxBorrowDays === 0 ? "no borrowing" : `borrow up to ${edition.maxBorrowDays} days`;
  return `Floating (${edition.floatingLeaseMinutes}-minute leases, ${borrowing})`;
}

const OVERAGE_PHRASES = {
  none: "refused past it",
  up_to_125_percent: "up to 125 %",
  always_allow: "overage allowed and reported",
} as const;

/** The edition's usage quotas and overage strategy in one phrase (issue 18). */
function describeUsageQuotas(edition: Pick<EditionSummary, "usageQuotas" | "overageStrategy">) {
  if (edition.usageQuotas.length === 0) return "None";
  const quotas = edition.usageQuotas.map((quota) => `${quota.amount} ${quota.meter} / ${quota.period}`).join(", ");
  return `${quotas} (${OVERAGE_PHRASES[edition.overageStrategy]})`;
}

/** The edition's expiry strategy in one phrase (issue 18). */
function describeExpiryStrategy(edition: Pick<EditionSummary, "expiryStrategy" | "featuresAfterExpiry">) {
  switch (edition.expiryStrategy) {
    case "revoke_after_grace":
      return "Stops after the grace";
    case "restrict":
      return `Keeps ${edition.featuresAfterExpiry.join(", ") || "no features"}`;
    case "maintain_access":
      return "Keeps versions released before expiry";
  }
}
