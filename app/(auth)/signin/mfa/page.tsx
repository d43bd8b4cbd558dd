import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { VerifySecondFactorForm } from "@/components/auth/verify-second-factor-form";
import { Card } from "@/components/ui/card";
import { requireSession } from "@/lib/auth/session";
import { relativeCallbackSchema } from "@/lib/validations/auth";
import { verifySecondFactorAction } from "./actions";

export const metadata: Metadata = { title: "Two-step verification" };

/**
 * The step after the magic link. People without an authenticator go straight on, except staff,
 * who are sent to set one up: no staff write runs without it.
 */
export default async function SecondFactorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = relativeCallbackSchema.parse(
    typeof params.callbackUrl === "string" ? params.callbackUrl : undefined,
  );
  const { user, secondFactor } = await requireSession();
  if (!secondFactor.isEnrolled)
    redirect(
      user.staffRole
        ? `/admin/security?callbackUrl=${encodeURIComponent(callbackUrl === "/" ? "/admin" : callbackUrl)}`
        : callbackUrl,
    );
  if (secondFactor.isVerified) redirect(callbackUrl);
  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">Two-step verification</h1>
      <p className="mb-5 mt-1 text-sm text-slate-600">
        Signed in as {user.email}. Enter the 6-digit code from your authenticator app. Lost your phone? Use one of your
        recovery codes instead; each works once.
      </p>
      <VerifySecondFactorForm action={verifySecondFactorAction} callbackUrl={callbackUrl} />
    </Card>
  );
}
