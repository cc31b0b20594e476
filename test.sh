#!/usr/bin/env bash
# Runs every MailHa test: unit tests, channel protocol tests and the lab integration tests
# (real sshd, rsyncd, two slapd in network namespaces: run as root). Installs missing packages first.
set -euo pipefail
cd "$(dirname "$0")"
bash .ci/install-deps
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet test MailHa.sln -c Release --blame-hang-timeout 10m --logger "console;verbosity=normal" "$@"
