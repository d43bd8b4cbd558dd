import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireOrgContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { getKeyActionDelegation } from "@/lib/orgs";

export const metadata: Metadata = { title: "One row" };

/**
 * The baseline of bench/portal-pages.bench.ts: the session, the organization and the portal layout
 * every page pays for, plus one database row (the organization's key-action setting). No one is
 * shipped this page: it answers only on a server started with REKEY_BENCH_PAGES, 404 otherwise.
 */
export default async function OneRowPage() {
  if (!appServices().env.REKEY_BENCH_PAGES) notFound();
  const ctx = await requireOrgContext();
  const { membersMayManageKeys } = await getKeyActionDelegation(ctx);
  return (
    <>
      <PageHeader title="One row" description="The portal layout around a single database read." />
      <Card aria-labelledby="one-row">
        <CardHeader
          id="one-row"
          title="Members may replace or roll back keys"
          description={membersMayManageKeys ? "Yes" : "No"}
        />
      </Card>
    </>
  );
}
