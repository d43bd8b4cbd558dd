import { PasskeyCard } from "@/components/auth/passkey-card";
import { SecondFactorCard } from "@/components/auth/second-factor-card";
import type { CurrentSession } from "@/lib/auth/session";
import type { Db } from "@/lib/db";
import { getSecondFactorStatus, listPasskeys } from "@/lib/mfa";
import { passkeyActions, secondFactorActions } from "./second-factor-actions";

/**
 * The signed-in person's own second factors (authenticator app with recovery codes, passkeys), as
 * every security page shows them: the customer's, staff's and a seat holder's.
 */
export async function OwnSecondFactorCards({
  db,
  session,
  continueHref,
}: {
  db: Db;
  session: CurrentSession;
  /** Where to go back to once set up, when the person was sent here by a refused action. */
  continueHref?: string;
}) {
  const [status, passkeys] = await Promise.all([
    getSecondFactorStatus(db, session.user.id),
    listPasskeys(db, session.user.id),
  ]);
  return (
    <>
      <SecondFactorCard
        isEnrolled={status.isEnrolled}
        isVerified={session.secondFactor.isVerified}
        recoveryCodesLeft={status.recoveryCodesLeft}
        continueHref={continueHref}
        {...secondFactorActions}
      />
      <PasskeyCard
        passkeys={passkeys}
        isRequired={Boolean(session.secondFactor.isPasskeyRequired)}
        {...passkeyActions}
      />
    </>
  );
}
