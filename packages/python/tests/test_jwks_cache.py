import unittest

from rekey_client import JwksCache, KeysUnavailable, UnknownKeyId, jwks_url

from .fake_portal import FakePortal, SigningKey, json_answer, unused_base_url

JWKS_PATH = "/.well-known/jwks.json"


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


class JwksCacheTest(unittest.TestCase):
    def setUp(self):
        self.shipped = SigningKey()
        self.published_later = SigningKey()
        self.keys = [self.shipped]
        self.cache_control = "public, max-age=120"
        self.portal = FakePortal({JWKS_PATH: lambda _: json_answer({"keys": [key.public_jwk for key in self.keys]}, headers={"Cache-Control": self.cache_control})})
        self.addCleanup(self.portal.close)
        self.clock = Clock()
        self.cache = JwksCache(url=jwks_url(self.portal.base_url + "/"), clock=self.clock)

    def test_keeps_the_set_for_the_max_age_the_portal_sends_then_fetches_again(self):
        self.cache.get_key(self.shipped.kid, "EdDSA")
        self.clock.now += 119
        self.cache.get_key(self.shipped.kid, "EdDSA")
        self.assertEqual(self.portal.count(JWKS_PATH), 1)
        self.clock.now += 1
        self.cache.get_key(self.shipped.kid, "EdDSA")
        self.assertEqual(self.portal.count(JWKS_PATH), 2)

    def test_fetches_once_more_for_an_unknown_kid_and_learns_a_key_published_since(self):
        self.cache.get_key(self.shipped.kid, "EdDSA")
        self.keys.append(self.published_later)
        self.clock.now += 30  # one refetch per 30 s, counted from the last fetch
        self.assertEqual(self.cache.get_key(self.published_later.kid, "EdDSA").key_id, self.published_later.kid)
        self.assertEqual(self.portal.count(JWKS_PATH), 2)

    def test_does_not_let_made_up_kids_turn_every_check_into_a_request(self):
        self.cache.get_key(self.shipped.kid, "EdDSA")
        self.clock.now += 30
        for made_up in ("invented-1", "invented-2", "invented-3"):
            with self.assertRaises(UnknownKeyId):
                self.cache.get_key(made_up, "EdDSA")
        self.assertEqual(self.portal.count(JWKS_PATH), 2)

    def test_keeps_using_the_last_set_when_a_refresh_fails(self):
        self.cache.get_key(self.shipped.kid, "EdDSA")
        self.portal.routes[JWKS_PATH] = lambda _: json_answer({"title": "down"}, 503)
        self.clock.now += 600
        self.assertEqual(self.cache.get_key(self.shipped.kid, "EdDSA").key_id, self.shipped.kid)

    def test_reports_keys_unavailable_when_the_set_was_never_fetched(self):
        cache = JwksCache(url=jwks_url(unused_base_url()), timeout_seconds=2)
        with self.assertRaises(KeysUnavailable) as raised:
            cache.get_key(self.shipped.kid, "EdDSA")
        self.assertEqual(raised.exception.code, "KEYS_UNAVAILABLE")

    def test_refetches_every_time_when_the_portal_says_no_cache(self):
        self.cache_control = "no-cache"
        self.cache.get_key(self.shipped.kid, "EdDSA")
        self.clock.now += 31
        self.cache.get_key(self.shipped.kid, "EdDSA")
        self.assertEqual(self.portal.count(JWKS_PATH), 2)


if __name__ == "__main__":
    unittest.main()
