import "server-only";
import { headers } from "next/headers";
import { platformOfUserAgent } from "@/lib/releases";
import { platformSchema } from "@/lib/validations/releases";

/** The platform a Downloads page puts first: the one the visitor picked (`?platform=`), else their browser's. */
export async function visitorPlatform(requested: string | undefined) {
  const chosen = platformSchema.safeParse(requested);
  return chosen.success ? chosen.data : platformOfUserAgent((await headers()).get("user-agent"));
}
