import { Time } from "@/components/ui/time";

/** A token's name, visible prefix and maker, as the vendor's and the customers' token tables show them. */
export function TokenNameCell({ token }: { token: { name: string; prefix: string; createdByEmail: string } }) {
  return (
    <td className="px-5 py-3">
      <div className="font-medium">{token.name}</div>
      <div className="font-mono text-xs text-slate-500">{token.prefix}…</div>
      <div className="text-xs text-slate-500">by {token.createdByEmail}</div>
    </td>
  );
}

/** When a token expires and when (and from where) it was last used. */
export function TokenUseCells({
  token,
  now,
}: {
  token: { expiresAt: Date | null; lastUsedAt: Date | null; lastUsedFrom: string | null };
  now: Date;
}) {
  return (
    <>
      <td className="px-5 py-3">{token.expiresAt ? <Time date={token.expiresAt} now={now} /> : "never"}</td>
      <td className="px-5 py-3">
        {token.lastUsedAt ? (
          <>
            <Time date={token.lastUsedAt} now={now} mode="relative" />
            <div className="text-xs text-slate-500">from {token.lastUsedFrom}</div>
          </>
        ) : (
          "never"
        )}
      </td>
    </>
  );
}
