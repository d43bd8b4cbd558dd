/**
 * The features a license grants, as the section under its details. The owner's page also shows each
 * feature's code (what their software checks); a seat holder's shows the names only.
 */
export function LicenseEntitlements({
  entitlements,
  showCodes = false,
}: {
  entitlements: { code: string; name: string }[];
  showCodes?: boolean;
}) {
  return (
    <div className="border-t border-slate-200 px-5 py-4">
      <h3 className="text-sm font-semibold text-slate-900">Entitlements</h3>
      {entitlements.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">This license has no feature entitlements.</p>
      ) : (
        <ul className="mt-2 grid gap-2 sm:grid-cols-2">
          {entitlements.map((feature) => (
            <li
              key={feature.code}
              className="flex items-center justify-between rounded-md bg-slate-50 px-3 py-2 text-sm"
            >
              <span>{feature.name}</span>
              {showCodes ? <code className="text-xs text-slate-500">{feature.code}</code> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
