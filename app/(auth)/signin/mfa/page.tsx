import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { VerifyPasskeyButton } from "@/components/auth/verify-passkey-button";
import { VerifySecondFactorForm } from "@/components/auth/verify-second-factor-form";
import { Card } from "@/components/ui/card";
import { appServices } from "@/lib/config/server";
import { requireSession } from "@/lib/auth/session";
import { listPasskeys } from "@/lib/mfa";
import { relativeCallbackSchema } from "@/lib/validations/auth";
import { startPasskeyVerificationAction, verifyPasskeyAction, verifySecondFactorAction } from "./actions";

export const metadata: Metadata = { title: "Two-step verification" };

/**
 * The step after the magic link. People without a second factor go straight on, except staff,
 * who are sent to set one up: no staff write runs without it. Under a passkey-only staff policy the
 * code form stays only for someone who has no passkey yet: their code lets them register one.
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
  const setUpHref = `/admin/security?callbackUrl=${encodeURIComponent(callbackUrl === "/" ? "/admin" : callbackUrl)}`;
  if (!secondFactor.isEnrolled && secondFactor.mayChangeFactors) redirect(user.staffRole ? setUpHref : callbackUrl);
  if (secondFactor.isVerified) redirect(callbackUrl);
  const hasPasskey = (await listPasskeys(await appServices().db(), user.id)).length > 0;
  const isCodeAccepted = !(secondFactor.isPasskeyRequired && hasPasskey);
  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">Two-step verification</h1>
      <p className="mb-5 mt-1 text-sm text-slate-600">
        Signed in as {user.email}.{" "}
        {isCodeAccepted
          ? "Enter the 6-digit code from your authenticator app. Lost your phone? Use one of your recovery codes instead; each works once."
          : "Your staff policy requires your passkey."}
      </p>
      {hasPasskey ? (
        <div className="mb-5">
          <VerifyPasskeyButton
            startAction={startPasskeyVerificationAction}
            verifyAction={verifyPasskeyAction}
            callbackUrl={callbackUrl}
          />
        </div>
      ) : null}
      {isCodeAccepted ? <VerifySecondFactorForm action={verifySecondFactorAction} callbackUrl={callbackUrl} /> : null}
    </Card>
  );
}
