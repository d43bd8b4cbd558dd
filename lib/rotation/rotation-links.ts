/**
 * Portal links about a license's rotation, shared by the emails and the pages they open. The
 * one-click links name the rotation and the moment the email announced, so the page can tell the
 * reader when that rotation has since moved, finished or been cancelled.
 */
export const licensePath = (licenseId: string) => `/licenses/${licenseId}`;

export type RotationLinkAction = "rotate-now" | "postpone";

export function rotationActionPath(
  action: RotationLinkAction,
  { licenseId, rotationId, scheduledFor }: { licenseId: string; rotationId: string; scheduledFor: Date },
): string {
  const query = new URLSearchParams({ rotation: rotationId, at: scheduledFor.toISOString() });
  return `${licensePath(licenseId)}/rotation/${action}?${query}`;
}
