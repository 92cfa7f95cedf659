#!/usr/bin/env bash
# Validates an output folder of graphdoc (openapi.json, openapi.yaml, metadata.xml) with tools we
# did not write. Installs them (pinned) on first use under target/validators.
# Usage: scripts/validate-outputs.sh [DIR]   (default: generated)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(cd "${1:-$here/../generated}" && pwd)
tools="$here/../target/validators"
export REDOCLY_TELEMETRY=off NO_UPDATE_NOTIFIER=1

if [ ! -x "$tools/node_modules/.bin/redocly" ] || [ ! -x "$tools/venv/bin/openapi-spec-validator" ]; then
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private":true}' > "$tools/package.json"
  npm install --prefix "$tools" --no-audit --no-fund --silent \
    @redocly/cli@2.77.0 @apidevtools/swagger-parser@13.0.0 odata-csdl@0.11.2 odata-openapi@0.29.0
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check openapi-spec-validator==0.7.1
fi

fail=0
echo "-- redocly lint (recommended ruleset)"
"$tools/node_modules/.bin/redocly" lint "$dir/openapi.yaml" --format stylish 2>&1 | grep -vE '^\s*$|║|╔|╚' || fail=1
echo "-- swagger-parser"
NODE_PATH="$tools/node_modules" node "$here/validate-openapi.js" "$dir/openapi.json" || fail=1
echo "-- openapi-spec-validator"
"$tools/venv/bin/openapi-spec-validator" "$dir/openapi.json" "$dir/openapi.yaml" || fail=1
echo "-- OASIS odata-csdl and odata-openapi"
NODE_PATH="$tools/node_modules" node "$here/validate-csdl.js" "$dir/metadata.xml" || fail=1

if [ "$fail" -ne 0 ]; then
  echo "validate-outputs: FAILED for $dir"
  exit 1
fi
echo "validate-outputs: all validators accept $dir"
