import type { Metadata } from "next";
import { OwnSecondFactorCards } from "@/app/(auth)/signin/mfa/own-second-factor-cards";
import { PageHeader } from "@/components/ui/page-header";
import { requireHolderContext } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Security" };

/**
 * A seat holder's own second factor (issue 18): the organization that gave the seat may require one
 * before keys are shown, and a person outside it has no portal settings to set it up in. The
 * person's own settings only; nothing of any organization's policy.
 */
export default async function HolderSecurityPage() {
  const { ctx, session } = await requireHolderContext();
  return (
    <>
      <PageHeader
        title="Security"
        description="How you sign in. An organization may ask for this second step before it shows you a license key."
      />
      <div className="space-y-6">
        <OwnSecondFactorCards db={ctx.db} session={session} />
      </div>
    </>
  );
}
