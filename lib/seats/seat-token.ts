import { constantTimeEqual, type KeyedHasher } from "@/lib/crypto";

/**
 * Per-user seat tokens (issue 18: "validation accepts a user identity — a per-user token the SDK
 * obtains by signing in"). A seat holder copies theirs from the license's Seats page once signed
 * in; the software sends it as `userToken`, so a seat is no longer held on the client's word (an
 * email anyone can type). The token is a keyed digest (lib/crypto, its own HKDF purpose) over the
 * license, the person and their seat assignment's row id: nothing is stored, and since every
 * assignment is a new row, unassigning or reassigning the seat (to anyone, the same person
 * included) makes every earlier token of it stop working.
 */
const SEAT_TOKEN_PREFIX = "rks1"; // the shape is SEAT_TOKEN_PATTERN (lib/validations/seats.ts)

export interface SeatGrant {
  licenseId: string;
  userId: string;
  /** license_seat_assignments.id: a fresh one per assignment. */
  assignmentId: string;
}

function seatDigest(hasher: KeyedHasher, grant: SeatGrant) {
  return hasher.digest("seat-token", `${grant.licenseId}\n${grant.userId}\n${grant.assignmentId}`);
}

export function issueSeatToken(hasher: KeyedHasher, grant: SeatGrant): string {
  return `${SEAT_TOKEN_PREFIX}.${grant.userId}.${seatDigest(hasher, grant)}`;
}

/** Whether `token` was issued for exactly this grant (compared in constant time). */
export function isSeatTokenOf(hasher: KeyedHasher, token: string, grant: SeatGrant): boolean {
  return constantTimeEqual(token, issueSeatToken(hasher, grant));
}
