#!/usr/bin/env bash
# MiniMarket — every test. Same set-up as ./run.sh (packages, PostgreSQL, Redis, Prometheus, Alertmanager,
# exporters on loopback, data under .data/), then `dotnet test` for the whole solution, ending with one line
# "N passed, N failed". Extra arguments go to `dotnet test` (e.g. ./test.sh --filter Category!=Browser).
set -euo pipefail
# shellcheck source=run.sh
source "$(dirname "${BASH_SOURCE[0]}")/run.sh"

mm_test_main() {
  cd "$MM_ROOT"
  mm_install_packages
  trap mm_stop_all EXIT
  trap 'exit 130' INT TERM
  mm_start_infrastructure

  export MM_TEST_POSTGRES="$MM_PG_CONNECTION"
  export MM_TEST_REDIS="$MM_REDIS_CONNECTION"
  export MM_CHROMIUM="${MM_CHROMIUM:-/usr/bin/chromium}"
  export MM_TEST_REPORTS="$MM_DATA/test-results"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

  local results="$MM_DATA/test-results"
  rm -rf "$results"
  mkdir -p "$results"
  log "building the solution"
  dotnet build "$MM_ROOT/MiniMarket.sln" -c Debug -nologo -v q -clp:ErrorsOnly
  log "running the tests"
  local status=0
  # Line coverage of the product's assemblies (tests/coverage.runsettings says what counts), one Cobertura file per test
  # project, merged by ReportGenerator (a local tool, .config/dotnet-tools.json) into one line per assembly below.
  dotnet test "$MM_ROOT/MiniMarket.sln" -c Debug --no-build -nologo \
    --settings "$MM_ROOT/tests/coverage.runsettings" --collect "XPlat Code Coverage" \
    --logger "trx" --results-directory "$results" --logger "console;verbosity=minimal" "$@" || status=$?
  mm_coverage_summary "$results"

  # One line for humans and CI: the sum over every test project's TRX file.
  local passed=0 failed=0 skipped=0 f p x s
  shopt -s nullglob
  for f in "$results"/*.trx; do
    p=$(grep -o '<Counters [^>]*' "$f" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    x=$(grep -o '<Counters [^>]*' "$f" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    s=$(grep -o '<Counters [^>]*' "$f" | grep -o ' notExecuted="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    passed=$((passed + p)); failed=$((failed + x)); skipped=$((skipped + s))
  done
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
    log "dotnet test failed without a failing test (build or runner error); what the runner recorded:"
    # A fixture's set-up or clean-up failure is no test result: xUnit reports it as a run error, which the console logger
    # cuts to one line. The TRX files keep the message and stack.
    for f in "$results"/*.trx; do
      perl -0777 -ne 'while (/<RunInfo[^>]*outcome="(?:Error|Failed)"[^>]*>\s*<Text>(.*?)<\/Text>/sg) {
        my $t = $1; $t =~ s/&lt;/</g; $t =~ s/&gt;/>/g; $t =~ s/&quot;/"/g; $t =~ s/&#xD;//g; $t =~ s/&amp;/&/g; print "$t\n" }' "$f"
    done
  fi
  if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then log "no test ran"; status=1; fi
  # What the generic tests measured (e.g. how many requests the API fuzz sent): their first line each.
  for f in "$results"/*.report.txt; do log "$(head -n 1 "$f")"; done
  echo "$passed passed, $failed failed, $skipped skipped"
  return "$status"
}

# Merges the test projects' coverage (a line counts as covered when any test project ran it) and prints one line per
# assembly; the HTML report, class by class, is left in .data/test-results/coverage/index.html.
mm_coverage_summary() {
  local results="$1" out="$1/coverage"
  shopt -s nullglob
  local reports=("$results"/*/coverage.cobertura.xml)
  if [ "${#reports[@]}" -eq 0 ]; then log "coverage: no report was written"; return 0; fi
  if ! (dotnet tool restore >/dev/null && dotnet reportgenerator -reports:"$results/*/coverage.cobertura.xml" \
      -targetdir:"$out" -reporttypes:"TextSummary;Html" -verbosity:Warning >/dev/null); then
    log "coverage: ReportGenerator failed; the raw reports are in $results/*/coverage.cobertura.xml"
    return 0
  fi
  local line
  line=$(grep -E '^  Line coverage:' "$out/Summary.txt" | sed 's/^ *//')
  log "coverage, from ${#reports[@]} test projects — all product code: ${line#Line coverage: } of lines"
  # Assembly lines are the unindented ones after the totals: "MiniMarket.Agents   84.2%".
  grep -E '^MiniMarket\.[A-Za-z.]+ +[0-9.]+%$' "$out/Summary.txt" | while read -r name pct; do
    log "coverage  $(printf '%-28s %6s' "$name" "$pct") of lines"
  done
}

mm_test_main "$@"
