#!/bin/sh
# Record metered usage (e.g. one export) against the license's quota. Needs REKEY_URL,
# REKEY_LICENSE_KEY, REKEY_METER (e.g. exports) and REKEY_RECORD_ID: new for every record, and the
# same when you retry one (the portal counts an id once). Prints the JSON answer: `usage.remaining`
# is what is left this period; `code` is QUOTA_EXHAUSTED once nothing is (a 409 if even this one was refused).
set -eu
curl --fail-with-body --silent --show-error \
  --request POST "$REKEY_URL/api/v1/usage" \
  --header 'content-type: application/json' \
  --data "{\"key\": \"$REKEY_LICENSE_KEY\", \"meter\": \"$REKEY_METER\", \"quantity\": ${REKEY_QUANTITY:-1}, \"id\": \"$REKEY_RECORD_ID\"}"
