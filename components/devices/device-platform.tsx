/**
 * A device's platform, with the client version its software last reported (issue 16: validate,
 * activate and heartbeat may carry `clientVersion`), so the customer sees which installs run what.
 */
export function DevicePlatform({ platform, clientVersion }: { platform: string; clientVersion: string | null }) {
  return (
    <>
      {platform}
      {clientVersion ? <span className="block text-xs text-slate-500">version {clientVersion}</span> : null}
    </>
  );
}
