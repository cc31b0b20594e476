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
# Everything with the default directory (OpenLDAP): the lab tests run per topology (asymmetric, symmetric,
# n+1), each topology's lab up once, one at a time. Then, with 389 Directory Servers (the seed's Sun ONE line,
# Directory:Kind SunOne), the directory tests whose behaviour depends on the flavour (trait Directory=Both, and
# the agreements' faults, Directory=SunOne; tests/MailHa.IntegrationTests/Ldap/DirectoryPass.cs says which):
# only the topologies they cover come up. The lab is one machine-wide resource, so the two runs follow each other.
# Both runs go on even when one fails; the failed tests are repeated at the very end, where a CI log's tail shows them.
log=$(mktemp /tmp/mailha-test-XXXXXX.log)
trap 'rm -f "$log"' EXIT
status=0
dotnet test MailHa.sln -c Release --blame-hang-timeout 10m --logger "console;verbosity=normal" --filter "Directory!=SunOne" \
  2>&1 | tee "$log" || status=$?
MAILHA_LAB_DIRECTORY=389ds dotnet test tests/MailHa.IntegrationTests -c Release --no-build --blame-hang-timeout 10m \
  --logger "console;verbosity=normal" --filter "Directory=SunOne|Directory=Both" 2>&1 | tee -a "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "== test.sh: failed (exit $status); the failures again =="
  grep -E -A12 '^\s+Failed [A-Za-z]|Test Run Aborted|The active test run was aborted|Total tests|Failed: ' "$log" | head -150
fi
exit "$status"
