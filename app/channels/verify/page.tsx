import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { appServices } from "@/lib/config/server";
import { NotFound } from "@/lib/errors";
import { verifyEmailChannel } from "@/lib/notify/channels";

export const metadata: Metadata = { title: "Confirm notices" };
export const dynamic = "force-dynamic";

/** Public: whoever reads the inbox confirms it, with or without a Rekey account. */
export default async function VerifyChannelPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  let outcome: { ok: true; target: string; orgName: string } | { ok: false; message: string };
  try {
    if (!token || token.length > 200) throw new NotFound("This verification link is incomplete.");
    const verified = await verifyEmailChannel(
      { db: await appServices().db(), now: () => new Date(), actor: { type: "system", label: "email-verification" } },
      { token },
    );
    outcome = { ok: true, ...verified };
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    outcome = { ok: false, message: error.userMessage };
  }
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md items-center px-4">
      <Card className="w-full p-6">
        <h1 className="text-lg font-semibold">
          {outcome.ok ? "Address confirmed" : "We couldn't confirm this address"}
        </h1>
        <p className="mt-2 text-sm text-slate-600">
          {outcome.ok ? `${outcome.target} now receives key-rotation notices for ${outcome.orgName}.` : outcome.message}
        </p>
        <Link href="/" className="mt-4 inline-block text-sm font-medium text-brand-700 underline">
          Go to Rekey
        </Link>
      </Card>
    </main>
  );
}
