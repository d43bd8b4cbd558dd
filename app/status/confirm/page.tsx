import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { appServices } from "@/lib/config/server";
import { NotFound } from "@/lib/errors";
import { confirmStatusSubscription } from "@/lib/status";
import { statusConfirmSchema } from "@/lib/validations/lifecycle";

export const metadata: Metadata = { title: "Confirm status updates" };
export const dynamic = "force-dynamic";

export default async function ConfirmStatusPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const parsed = statusConfirmSchema.safeParse(await searchParams);
  let outcome: { ok: true; email: string } | { ok: false; message: string };
  try {
    if (!parsed.success) throw new NotFound("This confirmation link is incomplete. Use the full link from the email.");
    outcome = {
      ok: true,
      ...(await confirmStatusSubscription(
        { db: await appServices().db(), now: () => new Date(), actor: { type: "system", label: "status-page" } },
        parsed.data,
      )),
    };
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    outcome = { ok: false, message: error.userMessage };
  }
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md items-center px-4">
      <Card className="w-full p-6">
        <h1 className="text-lg font-semibold">{outcome.ok ? "Subscribed" : "We couldn't confirm this subscription"}</h1>
        <p className="mt-2 text-sm text-slate-600">
          {outcome.ok
            ? `${outcome.email} now gets an email when an incident is opened, updated or resolved.`
            : outcome.message}
        </p>
        <Link href="/status" className="mt-4 inline-block text-sm font-medium text-brand-700 underline">
          Back to the status page
        </Link>
      </Card>
    </main>
  );
}
