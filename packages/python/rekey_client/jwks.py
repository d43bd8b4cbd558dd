"""The portal's public signing keys (a JWK Set, RFC 7517 §5), kept in memory so a check costs one
signature verification and no request. PyJWT's ``PyJWK`` turns each JWK into a key.

The portal publishes a key before it signs with it, so a token naming a ``kid`` we do not have
means our copy predates that key: refetch once. Refetches are limited to one per 30 s so a stream
of made-up ``kid``s cannot turn every check into a request to the portal (as in the JS SDK).
"""
import json
import re
import threading
import time
import urllib.request
from typing import Any, Callable, Dict, List, Optional

import jwt

from .errors import RekeyError
from .protocol import SIGNING_ALGORITHMS, is_key_scoped_for

REFETCH_COOLDOWN_SECONDS = 30
DEFAULT_MAX_AGE_SECONDS = 600


class UnknownKeyId(RekeyError):
    """No key in the set has this ``kid``, even after refetching (or the set is static)."""

    def __init__(self, kid: str):
        super().__init__("UNKNOWN_KEY_ID", f'No signing key with kid "{kid}" in the JWKS')
        self.kid = kid


class KeysUnavailable(RekeyError):
    """The JWKS has never been fetched successfully, so there is nothing to check against."""

    def __init__(self, cause: object):
        super().__init__("KEYS_UNAVAILABLE", f"The JWKS could not be fetched: {cause}")


class AlgorithmMismatch(RekeyError):
    """A header naming another ``alg`` than its key's: algorithm confusion (RFC 8725 §3.1)."""

    def __init__(self, kid: str, alg: object):
        super().__init__("INVALID_SIGNATURE", f'Key "{kid}" does not sign with {alg}')


def jwks_url(base_url: str) -> str:
    """Where the portal publishes its keys. The base URL may carry a path (a reverse proxy)."""
    return f"{base_url.rstrip('/')}/.well-known/jwks.json"


def _index_keys(jwks: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    """Keys without a ``kid``, with an algorithm the portal does not sign with, or for another use
    (RFC 7517 §4.2) can never verify a portal token, so they are left out."""
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise ValueError("JWKS has no keys array")
    return {
        jwk["kid"]: jwk
        for jwk in jwks["keys"]
        if isinstance(jwk, dict) and isinstance(jwk.get("kid"), str) and jwk.get("alg") in SIGNING_ALGORITHMS and jwk.get("use", "sig") == "sig"
    }


_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*(\d+)", re.IGNORECASE)


def _max_age_seconds(cache_control: Optional[str], default: float) -> float:
    """RFC 9111 §5.2.2.1 max-age; ``no-store``/``no-cache`` keep the copy for one use only."""
    if not cache_control:
        return default
    if re.search(r"no-(store|cache)", cache_control, re.IGNORECASE):
        return 0
    match = _MAX_AGE.search(cache_control)
    return int(match.group(1)) if match else default


class JwksCache:
    """``JwksCache(jwks=bundled)`` for a set shipped with the app, ``JwksCache(url=jwks_url(base))``
    to fetch (and learn keys published after the app was built). One per process."""

    def __init__(
        self,
        *,
        url: Optional[str] = None,
        jwks: Optional[Dict[str, Any]] = None,
        default_max_age_seconds: float = DEFAULT_MAX_AGE_SECONDS,
        timeout_seconds: float = 10,
        clock: Callable[[], float] = time.time,
    ):
        if (url is None) == (jwks is None):
            raise ValueError("Give either url or jwks")
        self._url = url
        self._default_max_age = default_max_age_seconds
        self._timeout = timeout_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._ring: Optional[Dict[str, Dict[str, Any]]] = _index_keys(jwks) if jwks is not None else None
        self._keys: Dict[str, jwt.PyJWK] = {}
        self._expires_at = float("inf") if jwks is not None else float("-inf")
        self._attempted_at = float("-inf")
        self._last_failure: object = None

    def known_kids(self) -> List[str]:
        """Reported to the portal on validate (drift monitoring): public information only."""
        return list(self._ring or {})

    def is_key_scoped_for(self, kid: str, subject: Optional[Dict[str, Any]]) -> bool:
        """Whether key ``kid`` may sign for this product and edition: asked after the signature
        verified, so a file for one edition signed with another edition's key is refused."""
        jwk = (self._ring or {}).get(kid)
        return jwk is not None and is_key_scoped_for(jwk, subject)

    def get_key(self, kid: object, alg: object) -> jwt.PyJWK:
        """The key for a token header; raises UnknownKeyId, KeysUnavailable or AlgorithmMismatch."""
        if not isinstance(kid, str):
            raise jwt.DecodeError('The token header has no "kid"')
        with self._lock:
            if self._ring is None or self._clock() >= self._expires_at:
                self._refetch_unless_cooling_down()
            # A stale set is still used when a refresh fails: keys are public, rotations overlap,
            # and refusing every check while the portal is unreachable would lock out offline clients.
            if self._ring is None:
                raise KeysUnavailable(self._last_failure)
            if kid not in self._ring:
                self._refetch_unless_cooling_down()
            jwk = self._ring.get(kid)
            if jwk is None:
                raise UnknownKeyId(kid)
            if jwk["alg"] != alg:
                raise AlgorithmMismatch(kid, alg)
            if kid not in self._keys:
                self._keys[kid] = jwt.PyJWK(jwk)
            return self._keys[kid]

    def _refetch_unless_cooling_down(self) -> None:
        if self._url is None or self._clock() - self._attempted_at < REFETCH_COOLDOWN_SECONDS:
            return
        self._attempted_at = self._clock()
        try:
            # RFC 7517 §8.5.1 registers application/jwk-set+json; most servers answer plain JSON.
            request = urllib.request.Request(self._url, headers={"Accept": "application/jwk-set+json, application/json"})
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                ring = _index_keys(json.loads(response.read()))
                max_age = _max_age_seconds(response.headers.get("Cache-Control"), self._default_max_age)
        except (OSError, ValueError) as error:
            self._last_failure = error
            return
        # Keys whose material changed under the same kid are imported again.
        self._keys = {kid: key for kid, key in self._keys.items() if ring.get(kid) == (self._ring or {}).get(kid)}
        self._ring = ring
        self._expires_at = self._attempted_at + max_age
        self._last_failure = None


def as_jwks_cache(jwks: "JwksCache | Dict[str, Any]") -> JwksCache:
    return jwks if isinstance(jwks, JwksCache) else JwksCache(jwks=jwks)
