#!/usr/bin/env bash
# Validates SARIF logs with tools we did not write: check-jsonschema against the SARIF 2.1.0
# schema that Microsoft's SARIF SDK ships, and the SDK's own validator (its SARIF rules).
# Installs them (pinned) on first use under target/validators-sarif.
# Usage: scripts/validate-sarif.sh FILE.sarif...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tools="$here/../target/validators-sarif"
export NO_UPDATE_NOTIFIER=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
sdk="$tools/node_modules/@microsoft/sarif-multitool-linux"
if [ ! -x "$sdk/Sarif.Multitool" ] || [ ! -x "$tools/venv/bin/check-jsonschema" ]; then
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private":true}' > "$tools/package.json"
  npm install --prefix "$tools" --no-audit --no-fund --silent @microsoft/sarif-multitool@5.7.0
  chmod u+x "$sdk/Sarif.Multitool"
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema==0.33.0
fi
fail=0
for f in "$@"; do
  echo "-- $f"
  "$tools/venv/bin/check-jsonschema" --schemafile "$sdk/sarif-2.1.0.json" "$f" || fail=1
  report=$(mktemp)
  "$sdk/Sarif.Multitool" validate "$f" --output "$report" --log ForceOverwrite --quiet || fail=1
  python3 - "$report" <<'PY' || fail=1
import json, sys
results = [x for run in json.load(open(sys.argv[1]))["runs"] for x in run.get("results") or []]
errors = [x for x in results if x.get("level", "warning") == "error"]
for x in results[:20]:
    print("  ", x.get("level", "warning"), x["ruleId"], x["message"].get("arguments"))
print(f"   SARIF SDK validator: {len(errors)} errors, {len(results) - len(errors)} warnings")
sys.exit(1 if errors else 0)
PY
  rm -f "$report"
done
exit "$fail"
