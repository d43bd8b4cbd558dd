import type { ActionResult } from "@/lib/auth/action";

/** Form data for calling a server action from code (a query or a mutation) rather than a form. */
export function formOf(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** A server action's refusal as a thrown error, so a query fails and a mutation rolls back (its message is the user's sentence). */
export async function settled<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(answer.message);
  return answer.data;
}
