#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz/ on its committed seed corpus,
# under AddressSanitizer + UBSan (clang), two targets at a time.
#
#   scripts/fuzz.sh --smoke     each target 30 s (what scripts/test.sh and CI run)
#   scripts/fuzz.sh HOURS       each target HOURS hours (1, 0.5, ...)
#
# Targets are found by globbing: tests/fuzz/T_fuzz.cc is target T, with its
# seeds in tests/fuzz/corpus/T/ and its libFuzzer dictionary in
# tests/fuzz/T.dict (both required); tests/fuzz/T.seeds may list more seed
# directories (one a line, from the repository root) so that test inputs are
# not committed twice. The committed seeds are only read; inputs
# the run finds are kept in $DYAD_FUZZ_BUILD/corpus/T/ (pass them to the next
# run by leaving the directory in place; commit a few small ones as seeds when
# they reach new code). A crash is saved as $DYAD_FUZZ_BUILD/crashes/T/crash-*,
# reproduced with `$DYAD_FUZZ_BUILD/T_fuzz FILE`; make it a named regression
# test. Exit status 1 when any target crashed, leaked or timed out.
#
# Environment: DYAD_FUZZ_BUILD (build directory, default build-fuzz),
# DYAD_FUZZ_JOBS (targets at a time, default 2), DYAD_FUZZ_TARGETS (a
# space-separated subset of target names).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in
  --smoke) seconds=30 ;;
  -h|--help) usage ;;
  *)
    seconds=$(python3 -c "import sys; h=float(sys.argv[1]); assert h > 0; print(int(h * 3600))" "$1" 2>/dev/null) ||
      usage
    ;;
esac
build=${DYAD_FUZZ_BUILD:-build-fuzz}
jobs=${DYAD_FUZZ_JOBS:-2}

targets=()
for src in tests/fuzz/*_fuzz.cc; do
  t=$(basename "$src" _fuzz.cc)
  if [ -n "${DYAD_FUZZ_TARGETS:-}" ] && ! [[ " $DYAD_FUZZ_TARGETS " == *" $t "* ]]; then continue; fi
  for need in "tests/fuzz/corpus/$t" "tests/fuzz/$t.dict"; do
    [ -e "$need" ] || { echo "fuzz.sh: target $t has no $need (every target needs seeds and a dictionary)" >&2; exit 2; }
  done
  targets+=("$t")
done
[ ${#targets[@]} -gt 0 ] || { echo "fuzz.sh: no targets" >&2; exit 2; }

echo "== building ${#targets[@]} fuzz targets in $build (clang, ASan + UBSan)"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DDYAD_FUZZ=ON \
      -DDYAD_BUILD_TESTS=OFF -DDYAD_BUILD_BENCH=OFF > /dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/%/_fuzz}" > "$build/fuzz-build.log" 2>&1 ||
  { tail -40 "$build/fuzz-build.log"; exit 1; }

extra_seeds() {  # extra_seeds TARGET: the directories tests/fuzz/TARGET.seeds lists
  [ -f "tests/fuzz/$1.seeds" ] || return 0
  grep -v -e '^#' -e '^$' "tests/fuzz/$1.seeds"
}

run_one() {  # run_one TARGET: one libFuzzer run, its log in $build/logs/TARGET.log
  local t=$1
  mkdir -p "$build/corpus/$t" "$build/crashes/$t" "$build/logs"
  # -timeout: one input taking longer is a finding (a hang). The RSS limit
  # leaves room for the models that prescraped_text loads, under ASan.
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/${t}_fuzz" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
    -dict="tests/fuzz/$t.dict" -artifact_prefix="$build/crashes/$t/" \
    "$build/corpus/$t" "tests/fuzz/corpus/$t" $(extra_seeds "$t") > "$build/logs/$t.log" 2>&1
}

echo "== running each target for $seconds s, $jobs at a time"
start=$(date +%s)
declare -A pid_of status_of
running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_one "$t" &
  pid_of[$t]=$!
  running=$((running + 1))
done
for t in "${targets[@]}"; do
  if wait "${pid_of[$t]}"; then status_of[$t]=0; else status_of[$t]=$?; fi
done

failed=0
printf '%-16s %6s %12s %8s %8s %8s %7s  %s\n' target seconds executions exec/s cov features corpus result
for t in "${targets[@]}"; do
  log="$build/logs/$t.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<< "$last")
  result=ok
  if [ "${status_of[$t]}" -ne 0 ] || ls "$build/crashes/$t/" 2>/dev/null | grep -q .; then
    result="FAILED (exit ${status_of[$t]}; see $log and $build/crashes/$t/)"
    failed=1
  fi
  printf '%-16s %6s %12s %8s %8s %8s %7s  %s\n' "$t" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
    "${corp:-?}" "$result"
done
echo "== $(( $(date +%s) - start )) s of fuzzing for ${#targets[@]} targets"
if [ "$failed" -ne 0 ]; then
  for t in "${targets[@]}"; do
    [ "${status_of[$t]}" -eq 0 ] || { echo "--- $t"; grep -A25 -E 'ERROR|runtime error|Deadly|timeout' "$build/logs/$t.log" | head -40; }
  done
  exit 1
fi
