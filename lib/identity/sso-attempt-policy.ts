/** Long enough to type a password and pass the provider's own second factor; a stale attempt is refused. */
export const SSO_ATTEMPT_MINUTES = 10;
