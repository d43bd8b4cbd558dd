"""Verify a Rekey license file with PyJWT and the portal's published JWKS (no Rekey code needed).

Needs REKEY_URL and REKEY_LICENSE_FILE; REKEY_PRODUCT is your product code.
Debian/Ubuntu: apt-get install python3-jwt python3-cryptography
"""
import json
import os
import sys

import jwt

SUPPORTED_FORMATS = (1, 2)  # the license-file format versions (`ver`) this code understands

portal = os.environ["REKEY_URL"].rstrip("/")
product = os.environ.get("REKEY_PRODUCT", "studio")
with open(os.environ["REKEY_LICENSE_FILE"], encoding="utf-8") as license_file:
    token = license_file.read().strip()

# PyJWKClient fetches the JWKS and picks the key named by the file's `kid` header.
signing_key = jwt.PyJWKClient(f"{portal}/.well-known/jwks.json").get_signing_key_from_jwt(token)
claims = jwt.decode(
    token,
    signing_key.key,
    algorithms=["EdDSA", "ES256", "RS256"],
    audience=product,
    issuer=f"{portal}/",
    options={"require": ["exp", "iat", "sub", "aud", "iss"]},
)
if claims.get("ver") not in SUPPORTED_FORMATS:
    sys.exit(f"Unsupported license file format {claims.get('ver')}: update this program.")

print(json.dumps({"license": claims["sub"], "edition": claims["edition"], "seats": claims["seats"], "trial": claims.get("trial", False), "valid": True}))
