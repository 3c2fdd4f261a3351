#!/usr/bin/env bash
# Run one fuzz target (tests/fuzz/test_fuzz_TARGET.py) for MINUTES of wall time.
#
#   scripts/fuzz.sh TARGET MINUTES [EXAMPLES_PER_ROUND]
#   TARGET: strict_json | diff | contract_loader | ingest_line | collector
#
# Each round is one pytest run with a fresh random seed and EXAMPLES_PER_ROUND examples
# (default 2000); rounds repeat until the time is up or a round fails. Failing inputs (and
# their shrunk forms) are saved in tests/fuzz/corpus/TARGET and replayed by every later run,
# including `make test`. The last line gives the rounds, the examples tried and the outcome.
# A round that runs longer than its share of the time (hung input) is stopped and reported.
# FUZZ_KEEP_GOING=1: print a failing round and go on with a new seed until the time is up.
set -euo pipefail
target="${1:?usage: scripts/fuzz.sh TARGET MINUTES [EXAMPLES_PER_ROUND]}"
minutes="${2:?usage: scripts/fuzz.sh TARGET MINUTES [EXAMPLES_PER_ROUND]}"
per_round="${3:-2000}"
here="$(cd "$(dirname "$0")/.." && pwd)"
test_file="tests/fuzz/test_fuzz_${target}.py"
[ -f "$here/$test_file" ] || { echo "fuzz: no target '$target' ($test_file)" >&2; exit 2; }
python="${PYTHON:-$here/.venv/bin/python}"
export CONTRACTS_SHARED_DIR="${CONTRACTS_SHARED_DIR:-$here/../shared}"
export LAKECONTRACTS_FUZZ_EXAMPLES="$per_round"
end=$(( $(date +%s) + minutes * 60 ))
rounds=0 tried=0 failures=0 status=ok
cd "$here"
while [ "$(date +%s)" -lt "$end" ]; do
  rounds=$((rounds + 1))
  left=$(( end - $(date +%s) ))
  log="$(mktemp)"
  set +e
  timeout --signal=INT "$(( left > 600 ? left + 300 : 900 ))" \
    "$python" -m pytest -q -x -p no:cacheprovider -o faulthandler_timeout=120 \
    --hypothesis-seed="$RANDOM$RANDOM" "$test_file" >"$log" 2>&1
  code=$?
  set -e
  count=$(awk '/^fuzz-tried /{s+=$3} END{print s+0}' "$log")
  tried=$((tried + count))
  echo "fuzz: $target round $rounds: exit $code, $count examples ($(date -u +%H:%M:%S))"
  if [ "$code" -ne 0 ]; then
    status="FAILED (round $rounds, exit $code)"
    cat "$log"
    rm -f "$log"
    [ "${FUZZ_KEEP_GOING:-0}" = 1 ] || break
    failures=$((failures + 1))
    continue
  fi
  rm -f "$log"
done
echo "fuzz: $target done: $rounds rounds, $tried examples, ${minutes} min budget: $status" \
  "(${failures} failing rounds after the first)"
[ "$status" = ok ]
