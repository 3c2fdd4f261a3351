#!/usr/bin/env bash
# System packages the integration tests use, installed only when missing:
#   java     - PySpark local mode runs the generated Athena DDL (tests/codegen)
#   chromium - headless browser test of the generated catalog site
#   postgresql - the opsdb tests start a throwaway server (initdb/pg_ctl, tests/pg_server.py)
# Run as root (CI does) or with sudo; tests skip with a reason when a tool is absent.
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${need[*]} (run: sudo $0)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
