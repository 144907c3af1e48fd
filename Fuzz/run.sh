#!/bin/sh
# Runs one libFuzzer target for a bounded time on a scratch copy of its committed seed corpus.
#   Fuzz/run.sh BIN_DIR TARGET SECONDS WORK_DIR
# With FUZZ_RUNS set, it stops after that many inputs, from the seed FUZZ_SEED (default 1): the
# same inputs every time, so CI's pass cannot fail on one run and pass on the next.
# Exit status 0 when the run ends without a crash; otherwise 1, after printing the end of the
# fuzzer's log and the path of the saved reproducer.
set -u
bin=$1 target=$2 seconds=$3 work=$4
corpus="$work/corpus/$target"
artifacts="$work/artifacts/$target"
log="$work/$target.log"
mkdir -p "$corpus" "$artifacts" "$work/tmp"
# Targets that read files write them below TMPDIR: keep them in the work folder, not /tmp.
export TMPDIR="$work/tmp"
# The committed corpus is only read: new inputs go into the scratch copy.
cp Fuzz/Corpus/"$target"/* "$corpus"/ 2>/dev/null || true
# The audit target also starts from the auditor's own test corpus, kept in one place.
if [ "$target" = audit ]; then cp Tests/CECSiteKitTests/AuditCorpus/*.html "$corpus"/; fi
# The Swift runtime's own crash reporter would keep the output open after a crash: libFuzzer
# reports instead. Leak checking is off: the Swift runtime keeps metadata caches for the process.
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:${ASAN_OPTIONS:-}" \
  "$bin/fuzz-$target" "$corpus" \
    -max_total_time="$seconds" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}"} -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
    -max_len="${FUZZ_MAX_LEN:-4096}" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    >"$log" 2>&1
status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ "$status" -eq 0 ]; then
  echo "fuzz-$target: ${runs:-?} inputs (at most ${seconds} s), no crash"
  exit 0
fi
echo "fuzz-$target: FAILED (exit $status); from $log:" >&2
grep -E '==cecsite-fuzz==|ERROR: |SUMMARY: |^    #[0-9] ' "$log" | head -n 20 >&2
for reproducer in "$artifacts"/*; do
  [ -e "$reproducer" ] || continue
  echo "fuzz-$target: reproducer $reproducer" >&2
  echo "  rerun: SWIFT_BACKTRACE=enable=no $bin/fuzz-$target $reproducer" >&2
done
exit 1
