#!/usr/bin/env bash
# Runs one cargo-fuzz target (fuzz/) for SECONDS (default 600) with nightly, seeded from
# docs-input (pages, their JSON blocks, annotations and table cells), and prints libFuzzer's
# final stats. Crashes land in fuzz/artifacts/TARGET/. Usage: scripts/fuzz.sh TARGET [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1
seconds=${2:-600}
seeds="fuzz/corpus/$target"
mkdir -p "$seeds"
python3 - "$target" "$seeds" <<'PY'
import hashlib, pathlib, re, sys
target, out = sys.argv[1], pathlib.Path(sys.argv[2])
def put(text):
    (out / hashlib.sha1(text.encode()).hexdigest()).write_text(text)
for page in sorted(pathlib.Path("docs-input").rglob("*.md")):
    text = page.read_text(errors="replace")
    if target in ("page_reader", "pipeline"):
        put(text)
    elif target == "lenient_json":
        for block in re.findall(r"```json\n(.*?)```", text, re.S):
            put(block)
    elif target == "annotation":
        for body in re.findall(r"<!--(.*?)-->", text, re.S):
            put(body)
    elif target == "type_cell":
        for row in re.findall(r"^\|[^|\n]*\|([^|\n]*)\|", text, re.M):
            put(row.strip())
PY
cd fuzz
cargo +nightly fuzz run "$target" -O "corpus/$target" -- -max_total_time="$seconds" -print_final_stats=1 2>&1 | grep -vE "^#[0-9]+\s+(NEW|REDUCE|pulse)"
