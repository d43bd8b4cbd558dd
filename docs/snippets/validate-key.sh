#!/bin/sh
# Validate a license key online. Needs REKEY_URL (e.g. https://licenses.example.com) and
# REKEY_LICENSE_KEY; REKEY_PRODUCT is your product code. Prints the JSON verdict: check `code`.
set -eu
curl --fail-with-body --silent --show-error \
  --request POST "$REKEY_URL/api/v1/licenses/validate" \
  --header 'content-type: application/json' \
  --data "{\"key\": \"$REKEY_LICENSE_KEY\", \"product\": \"${REKEY_PRODUCT:-studio}\"}"
