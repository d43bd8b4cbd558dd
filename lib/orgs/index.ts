export { findMemberships, type Membership } from "./find-memberships";
export { listMembers } from "./list-members";
export { inviteMember, type InviteMemberOptions } from "./invite-member";
export { removeMember } from "./remove-member";
export { getSecondFactorPolicy, setSecondFactorPolicy } from "./set-second-factor-policy";
export { listOrganizations } from "./list-organizations";
export { findOrganization } from "./find-organization";
export { getKeyActionDelegation, setKeyActionDelegation } from "./set-key-action-delegation";
