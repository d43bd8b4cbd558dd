import { z } from "zod";

export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "Email addresses are at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const memberRoleSchema = z.enum(["owner", "member"], { error: "Choose a role: owner or member." });

export const inviteMemberSchema = z.object({
  email: emailSchema,
  role: memberRoleSchema,
});
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const removeMemberSchema = z.object({
  userId: z.string({ error: "Choose a member to remove." }).min(1, "Choose a member to remove.").max(100),
});
export type RemoveMemberInput = z.infer<typeof removeMemberSchema>;
