#!/usr/bin/env bash
# Set up a fresh clone: Debian packages the editions (and, with --test, the tests) need,
# a virtual environment in .venv/ with the locked dependencies and sco-publish installed,
# and npm tools for the tests.
# Idempotent and quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-editions}
packages=(fonts-noto-core fonts-noto-cjk gettext poppler-utils fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libunistring2)
if [ "$mode" = "--test" ]; then
  packages+=(chromium default-jre-headless strace)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages; run: sudo apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# The exact versions of requirements.lock (runtime and test extra, checked by their hashes),
# then sco-publish itself without resolving anything again.
stamp=.venv/.sco-publish-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  if ! problems=$(.venv/bin/python -m pip check); then
    echo "setup: requirements.lock does not satisfy pyproject.toml ($problems); run: make lock" >&2
    exit 2
  fi
  touch "$stamp"
fi

if [ "$mode" = "--test" ] && [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
    npm install --no-audit --no-fund --silent
    touch node_modules
  fi
fi
