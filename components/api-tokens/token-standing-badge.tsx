import { Badge, type Tone } from "@/components/ui/badge";
import type { ApiTokenStanding } from "@/lib/api-tokens";

const STANDING_TONE: Record<ApiTokenStanding, Tone> = {
  active: "green",
  rolled: "amber",
  expired: "slate",
  revoked: "red",
};

/** A token's standing as the vendor's and the customers' token lists show it. */
export function TokenStandingBadge({ standing }: { standing: ApiTokenStanding }) {
  return <Badge tone={STANDING_TONE[standing]}>{standing}</Badge>;
}
