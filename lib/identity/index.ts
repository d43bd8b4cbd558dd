export { addOrgDomain, type DomainChallenge } from "./add-org-domain";
export { verifyOrgDomain } from "./verify-org-domain";
export { listOrgDomains, type OrgDomain } from "./list-org-domains";
export type { TxtResolver } from "./domain-verification";
