#!/usr/bin/env bash
# Runs every MailHa test: unit tests, channel protocol tests and the lab integration tests
# (real sshd, rsyncd, two slapd or two 389 DS, Postfix and Dovecot in network namespaces: run as root).
# Installs missing packages first. With arguments, one 'dotnet test' run with them.
set -euo pipefail
cd "$(dirname "$0")"
bash .ci/install-deps
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ $# -gt 0 ]; then
  exec dotnet test MailHa.sln -c Release --blame-hang-timeout 10m --logger "console;verbosity=normal" "$@"
fi
# The solution is built once; every run below uses that build (--no-build), so no two runs write the same files.
# The unit test projects (tests/*.Tests: no lab) run in the background beside the lab tests, at a lower CPU priority
# (nice: the lab's daemons and timeouts come first on a busy machine), their output kept apart and printed after the
# lab tests', so neither interleaves. The lab tests: everything with the default directory (OpenLDAP), per topology
# (asymmetric, symmetric, n+1), each topology's lab up once, one at a time. Then, with 389 Directory Servers (the
# seed's Sun ONE line, Directory:Kind SunOne), the directory tests whose behaviour depends on the flavour (trait
# Directory=Both, and the agreements' faults, Directory=SunOne; tests/MailHa.IntegrationTests/Ldap/DirectoryPass.cs
# says which): only the topologies they cover come up. The lab is one machine-wide resource, so the two lab runs follow
# each other. Every run goes on when another fails; the exit status is non-zero when any failed, and the failed tests
# of all of them are repeated at the very end, where a CI log's tail shows them.
log=$(mktemp /tmp/mailha-test-XXXXXX.log)
unit_log=$(mktemp /tmp/mailha-unit-XXXXXX.log)
unit_pid=""
# The background run has a process group of its own (set -m), reads nothing from the terminal (</dev/null: a process
# group in the background that touched it would be stopped), and is stopped whole if this script ends before it did
# (twice: a process it was starting just then may have missed the first signal).
stop_unit() {
  [ -n "$unit_pid" ] || return 0
  kill -- "-$unit_pid" 2>/dev/null || return 0
  sleep 1
  kill -- "-$unit_pid" 2>/dev/null || true
}
trap 'stop_unit; rm -f "$log" "$unit_log"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
test_args=(-c Release --no-build --blame-hang-timeout 10m --logger "console;verbosity=normal")
dotnet build MailHa.sln -c Release
status=0
unit_projects=(tests/*.Tests/*.Tests.csproj)
echo "== test.sh: ${unit_projects[*]} run beside the lab tests; their output follows the lab tests' =="
set -m
(
  code=0
  for project in "${unit_projects[@]}"; do
    nice -n 10 dotnet test "$project" "${test_args[@]}" || code=$?
  done
  exit "$code"
) </dev/null >"$unit_log" 2>&1 &
unit_pid=$!
set +m
dotnet test tests/MailHa.IntegrationTests "${test_args[@]}" --filter "Directory!=SunOne" 2>&1 | tee "$log" || status=$?
MAILHA_LAB_DIRECTORY=389ds dotnet test tests/MailHa.IntegrationTests "${test_args[@]}" \
  --filter "Directory=SunOne|Directory=Both" 2>&1 | tee -a "$log" || status=$?
unit_status=0
wait "$unit_pid" || unit_status=$?
unit_pid=""
echo "== test.sh: the unit tests (${unit_projects[*]}, run beside the lab tests) =="
tee -a "$log" <"$unit_log"
[ "$unit_status" -eq 0 ] || [ "$status" -ne 0 ] || status=$unit_status
if [ "$status" -ne 0 ]; then
  echo "== test.sh: failed (exit $status); the failures again =="
  # Every failed test by name first (however many), then each with its message and the runs' totals.
  grep -E '^\s+Failed [A-Za-z]|Test Run Aborted|The active test run was aborted' "$log" || true
  grep -E -A12 '^\s+Failed [A-Za-z]|Test Run Aborted|The active test run was aborted|Total tests|Failed: ' "$log" | head -150 || true
fi
exit "$status"
