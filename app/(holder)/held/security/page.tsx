import type { Metadata } from "next";
import { passkeyActions, secondFactorActions } from "@/app/(auth)/signin/mfa/second-factor-actions";
import { PasskeyCard } from "@/components/auth/passkey-card";
import { SecondFactorCard } from "@/components/auth/second-factor-card";
import { PageHeader } from "@/components/ui/page-header";
import { requireHolderContext } from "@/lib/auth/session";
import { getSecondFactorStatus, listPasskeys } from "@/lib/mfa";

export const metadata: Metadata = { title: "Security" };

/**
 * A seat holder's own second factor (issue 18): the organization that gave the seat may require one
 * before keys are shown, and a person outside it has no portal settings to set it up in. The
 * person's own settings only; nothing of any organization's policy.
 */
export default async function HolderSecurityPage() {
  const { ctx, session } = await requireHolderContext();
  const [status, passkeys] = await Promise.all([
    getSecondFactorStatus(ctx.db, ctx.actor.userId),
    listPasskeys(ctx.db, ctx.actor.userId),
  ]);
  return (
    <>
      <PageHeader
        title="Security"
        description="How you sign in. An organization may ask for this second step before it shows you a license key."
      />
      <div className="space-y-6">
        <SecondFactorCard
          isEnrolled={status.isEnrolled}
          isVerified={session.secondFactor.isVerified}
          recoveryCodesLeft={status.recoveryCodesLeft}
          {...secondFactorActions}
        />
        <PasskeyCard passkeys={passkeys} isRequired={false} {...passkeyActions} />
      </div>
    </>
  );
}
