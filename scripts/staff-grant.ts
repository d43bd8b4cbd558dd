/** `npm run staff:grant -- <email> <support|admin>` */
import { wireProcess } from "@/lib/wiring";
import { grantStaffRole, grantStaffRoleSchema } from "@/lib/auth/grant-staff-role";

const [email, role] = process.argv.slice(2);
const parsed = grantStaffRoleSchema.safeParse({ email, role });
if (!parsed.success) {
  console.error("Usage: npm run staff:grant -- <email> <support|admin>");
  for (const issue of parsed.error.issues) console.error(`  ${issue.path.join(".")}: ${issue.message}`);
  process.exit(2);
}
const db = await wireProcess().db();
const result = await grantStaffRole(
  { db, now: () => new Date(), actor: { type: "system", label: "cli" } },
  parsed.data,
);
console.log(
  `${parsed.data.email} is now ${parsed.data.role} staff${result.previousRole ? ` (was ${result.previousRole})` : ""}.`,
);
process.exit(0);
