import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { UnsubscribeForm } from "@/components/status/unsubscribe-form";
import { Card } from "@/components/ui/card";
import { statusUnsubscribeSchema } from "@/lib/validations/lifecycle";
import { unsubscribeFromStatusAction } from "../actions";

export const metadata: Metadata = { title: "Unsubscribe from status updates" };

export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<{ s?: string; token?: string }>;
}) {
  const parsed = statusUnsubscribeSchema.safeParse(await searchParams);
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md items-center px-4">
      <Card className="w-full space-y-3 p-6">
        <h1 className="text-lg font-semibold">Unsubscribe from status updates</h1>
        {parsed.success ? (
          <>
            <p className="text-sm text-slate-600">
              Stop receiving incident emails and delete this address from our list.
            </p>
            <UnsubscribeForm
              subscriberId={parsed.data.s}
              token={parsed.data.token}
              action={unsubscribeFromStatusAction}
            />
          </>
        ) : (
          <p className="text-sm text-slate-600">
            This unsubscribe link is incomplete. Use the full link from the latest status email.
          </p>
        )}
        <Link href="/status" className="inline-block text-sm font-medium text-brand-700 underline">
          Back to the status page
        </Link>
      </Card>
    </main>
  );
}
