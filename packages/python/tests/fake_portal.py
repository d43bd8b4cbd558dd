"""A portal on a loopback port for the client's tests: real HTTP through urllib, answers signed
with a test key the way the portal signs them (packages/sdk/testing/factories.ts is the JS twin)."""
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PORTAL_ISSUER = "https://portal.rekey.test/"

Answer = Tuple[int, Dict[str, str], bytes]


class SigningKey:
    def __init__(self):
        self.kid = f"eddsa-{uuid.uuid4()}"
        self.private_key = Ed25519PrivateKey.generate()
        self.public_jwk = {**json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(self.private_key.public_key())), "kid": self.kid, "alg": "EdDSA", "use": "sig"}

    def sign(self, claims: Dict[str, Any]) -> str:
        return jwt.encode(claims, self.private_key, algorithm="EdDSA", headers={"kid": self.kid, "typ": "JWT"})


def json_answer(body: Any, status: int = 200, headers: Optional[Dict[str, str]] = None) -> Answer:
    content_type = "application/problem+json" if status >= 400 else "application/json"
    return status, {"Content-Type": content_type, **(headers or {})}, json.dumps(body).encode("utf-8")


def signed(key: SigningKey, audience: str, claims: Dict[str, Any], lifetime_seconds: int = 300) -> str:
    issued_at = int(time.time())
    return key.sign({"iss": PORTAL_ISSUER, "aud": audience, "iat": issued_at, "exp": issued_at + lifetime_seconds, **claims})


class FakePortal:
    """``routes`` maps a path to a handler taking the parsed JSON body (None for GET)."""

    def __init__(self, routes: Dict[str, Callable[[Any], Answer]]):
        self.routes = routes
        self.requests: List[Tuple[str, Any, Dict[str, str]]] = []
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keeps unittest's output readable
                pass

            def _answer(self, body: Any):
                portal.requests.append((self.path, body, dict(self.headers)))
                route = portal.routes.get(self.path)
                status, headers, payload = route(body) if route else (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                self._answer(None)

            def do_POST(self):
                self._answer(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def count(self, path: str) -> int:
        return sum(1 for requested, _, _ in self.requests if requested == path)

    def last_request(self, path: str) -> Tuple[Any, Dict[str, str]]:
        """The body and headers of the latest request to ``path``."""
        return next((body, headers) for requested, body, headers in reversed(self.requests) if requested == path)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def unused_base_url() -> str:
    """A loopback address nothing listens on: a portal that cannot be reached."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}"
