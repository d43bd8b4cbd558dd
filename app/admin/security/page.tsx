import type { Metadata } from "next";
import { SecondFactorCard } from "@/components/auth/second-factor-card";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession, requireStaffContext } from "@/lib/auth/session";
import { getSecondFactorStatus } from "@/lib/mfa";
import { relativeCallbackSchema } from "@/lib/validations/auth";
import { secondFactorActions } from "@/app/(auth)/signin/mfa/second-factor-actions";

export const metadata: Metadata = { title: "Your security" };

export default async function StaffSecurityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const session = await requireSession();
  const params = await searchParams;
  const continueHref =
    typeof params.callbackUrl === "string" ? relativeCallbackSchema.parse(params.callbackUrl) : undefined;
  const status = await getSecondFactorStatus(ctx.db, ctx.actor.userId);
  return (
    <>
      <PageHeader
        title="Your security"
        description="Staff need an authenticator app: every change you make as staff asks for it once per sign-in."
      />
      <SecondFactorCard
        isEnrolled={status.isEnrolled}
        isVerified={session.secondFactor.isVerified}
        recoveryCodesLeft={status.recoveryCodesLeft}
        continueHref={continueHref}
        {...secondFactorActions}
      />
    </>
  );
}
