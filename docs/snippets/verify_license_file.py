"""Verify a Rekey license file with PyJWT and the portal's published JWKS (no Rekey code needed).

Needs REKEY_URL and REKEY_LICENSE_FILE; REKEY_PRODUCT is your product code.
Debian/Ubuntu: apt-get install python3-jwt python3-cryptography
"""
import json
import os
import sys
import urllib.request

import jwt

SUPPORTED_FORMATS = (1, 2)  # the license-file format versions (`ver`) this code understands

portal = os.environ["REKEY_URL"].rstrip("/")
product = os.environ.get("REKEY_PRODUCT", "studio")
with open(os.environ["REKEY_LICENSE_FILE"], encoding="utf-8") as license_file:
    token = license_file.read().strip()

with urllib.request.urlopen(f"{portal}/.well-known/jwks.json") as response:
    jwks = json.load(response)
kid = jwt.get_unverified_header(token).get("kid")
jwk = next((key for key in jwks["keys"] if key.get("kid") == kid), None)
if jwk is None:
    sys.exit("This license file was signed with a key the portal does not publish: refused.")
claims = jwt.decode(
    token,
    jwt.PyJWK(jwk).key,
    algorithms=["EdDSA", "ES256", "RS256"],
    audience=product,
    issuer=f"{portal}/",
    options={"require": ["exp", "iat", "sub", "aud", "iss"]},
)
# A key the portal reserved for one product or edition (its "rekey_scope" member) signs only for
# it: a file for another edition signed with it is a forgery, however genuine the signature.
scope = jwk.get("rekey_scope")
if scope is not None and (
    not isinstance(scope, dict) or scope.get("product") != claims["aud"] or scope.get("edition", claims["edition"]) != claims["edition"]
):
    sys.exit("This license file was signed with another product's or edition's key: refused.")
if claims.get("ver") not in SUPPORTED_FORMATS:
    sys.exit(f"Unsupported license file format {claims.get('ver')}: update this program.")

print(json.dumps({"license": claims["sub"], "edition": claims["edition"], "seats": claims["seats"], "trial": claims.get("trial", False), "valid": True}))
