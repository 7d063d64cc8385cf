#!/usr/bin/env bash
# Everything the test suite needs besides Java and Maven, on a fresh machine; each step a no-op when already there:
#  - redis-server and openssl (Debian's packages): the shared-counter tests start their own redis-server on free
#    loopback ports and make its TLS certificates with openssl; curl: DemoInstructionsTest runs the demo's curl lines;
#  - chromium and chromium-driver (Debian's packages): ApprovalPageBrowserTest (proxy) and
#    OperatorApprovalPageBrowserTest (e2e) drive the approvals page in headless Chromium through /usr/bin/chromedriver
#    (Selenium never downloads a browser or a driver);
#  - kube-apiserver, etcd and kubectl built from Go sources (scripts/kube-control-plane.sh) for the e2e tests;
#  - the reference MCP server server-everything from npm (scripts/server-everything.sh) for the scan tests.
# Tests whose prerequisite is missing fail under CI=true. Installing packages needs root (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-setup.sh: install ${missing[*]} (Debian: apt-get install ${missing[*]}), or run this as root" >&2
    exit 1
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  # the package may start a system-wide server on 6379; the tests use their own on free ports
  (service redis-server stop || true) >/dev/null 2>&1
fi
scripts/kube-control-plane.sh
scripts/server-everything.sh >/dev/null
