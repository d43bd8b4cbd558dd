export { findMemberships, type Membership } from "./find-memberships";
export { listMembers } from "./list-members";
export { inviteMember, type InviteMemberOptions } from "./invite-member";
export { createCustomer } from "./create-customer";
export { findInvitation, INVITATION_VALID_DAYS } from "./invitations";
export { removeMember } from "./remove-member";
export { getSecondFactorPolicy, setSecondFactorPolicy } from "./set-second-factor-policy";
export { listOrganizations } from "./list-organizations";
export { findOrganization } from "./find-organization";
