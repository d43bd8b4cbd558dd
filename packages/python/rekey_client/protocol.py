"""What the portal, the JS SDK and this client agree on: audiences, algorithms, the fingerprint
hash, the license-key prefix and the offline request formats. Mirrors packages/sdk/src
(device-protocol.ts, fingerprint-hash.ts, license-key-prefix.ts, jwks-cache.ts, licensing-models.ts); the shared test
vectors (scripts/protocol-vectors.ts) prove the two agree.
"""
import base64
import hashlib
import re
from typing import Optional

#: The algorithms the portal signs with; verifiers refuse everything else (``none``, HMAC).
SIGNING_ALGORITHMS = ("EdDSA", "ES256", "RS256")

VALIDATION_TOKEN_AUDIENCE = "rekey:validation"
DEVICE_LEASE_AUDIENCE = "rekey:device-lease"
DEVICE_REFUSAL_AUDIENCE = "rekey:device-refusal"
DEACTIVATION_RECEIPT_AUDIENCE = "rekey:device-deactivation"
FLOATING_LEASE_AUDIENCE = "rekey:floating-lease"

#: Usage quotas (packages/sdk/src/licensing-models.ts): the UTC calendar periods a quota counts in,
#: and what an edition does past a quota.
USAGE_PERIODS = ("day", "month", "year")
OVERAGE_STRATEGIES = ("none", "up_to_125_percent", "always_allow")
#: What a license does once expired past its grace: stop, keep listed features, keep older versions.
EXPIRY_STRATEGIES = ("revoke_after_grace", "restrict", "maintain_access")

OFFLINE_ACTIVATION_REQUEST_FORMAT = "rekey.offline-activation-request"
OFFLINE_DEACTIVATION_REQUEST_FORMAT = "rekey.offline-deactivation-request"
OFFLINE_REQUEST_VERSION = 1

#: The license-file format the portal issues now, and every format this client reads.
LICENSE_FILE_VERSION = 2
SUPPORTED_LICENSE_FILE_VERSIONS = (LICENSE_FILE_VERSION - 1, LICENSE_FILE_VERSION)

DEFAULT_CLOCK_SKEW_SECONDS = 300

#: The extra JWK member naming the product and edition a scoped key may sign for
#: (packages/sdk/src/signing-key-scope.ts); a key without it is the portal's global key.
SIGNING_KEY_SCOPE_MEMBER = "rekey_scope"

_FINGERPRINT_HASH_PREFIX = "rekey-fp:v1:"
# The 17 Crockford base32 symbols after ``RK``: 16 random, 1 check.
_KEY_SYMBOLS = re.compile(r"^[0-9A-HJKMNP-TV-Z]{17}$")


def base64url(data: bytes) -> str:
    """RFC 7515 §2 base64url, without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def fingerprint_hash(salt: str, fingerprint: str) -> str:
    """The ``fph`` claim binding a file or lease to one machine: base64url SHA-256 over
    ``"rekey-fp:v1:" + salt + ":" + fingerprint``. The salt is the license id, or
    ``offline_fingerprint_salt(product)`` in offline activation requests."""
    digest = hashlib.sha256(f"{_FINGERPRINT_HASH_PREFIX}{salt}:{fingerprint}".encode("utf-8")).digest()
    return base64url(digest)


def is_key_scoped_for(jwk: dict, subject: Optional[dict]) -> bool:
    """Whether a key may sign for ``subject`` ({"product", "edition"} codes, or None for an answer
    naming no license). A scope this client cannot read signs for nothing."""
    if SIGNING_KEY_SCOPE_MEMBER not in jwk:
        return True
    scope = jwk[SIGNING_KEY_SCOPE_MEMBER]
    if not isinstance(scope, dict) or not isinstance(scope.get("product"), str):
        return False
    if "edition" in scope and not isinstance(scope["edition"], str):
        return False
    if subject is None:
        return False
    return scope["product"] == subject.get("product") and scope.get("edition", subject.get("edition")) == subject.get("edition")


def offline_fingerprint_salt(product: str) -> str:
    """An air-gapped machine knows its product but not its license id, so its hash is salted with it."""
    return f"product:{product}"


def parse_license_key_prefix(key: str) -> Optional[str]:
    """The public prefix of a key (``RK-7F3Q``), or None when the text is not shaped like a key.
    Reads keys as the portal does: any case, spaces and dashes anywhere, O for 0, I and L for 1."""
    symbols = re.sub(r"[\s-]", "", key.upper()).replace("O", "0")
    symbols = re.sub(r"[IL]", "1", symbols)
    # Length decides, not the letters: a bare key may itself begin with "RK".
    if len(symbols) == 19 and symbols.startswith("RK"):
        symbols = symbols[2:]
    return f"RK-{symbols[:4]}" if _KEY_SYMBOLS.match(symbols) else None
