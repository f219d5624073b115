#!/usr/bin/env bash
# Prepares a machine for ens-auto: a browser (Debian's chromium when no Chrome/Chromium/Edge
# is installed and apt-get is available as root), a virtual environment in .venv, and the
# project installed in it with its test extras. Safe to run again: it skips what is done.
set -euo pipefail
cd "$(dirname "$0")/.."

have_browser() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 || command -v microsoft-edge >/dev/null 2>&1
}

if ! have_browser; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installation de Chromium (paquet Debian)..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Aucun navigateur Chrome / Chromium / Edge trouvé : installez-en un" \
         "(ou lancez : .venv/bin/playwright install chromium)." >&2
  fi
fi

# Xvfb lets the tests drive a visible (headed) browser on a machine without a screen.
if ! command -v Xvfb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 \
    && [ "$(id -u)" = 0 ]; then
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb >/dev/null 2>&1 \
    || echo "Xvfb non installé : les tests avec fenêtre seront sautés." >&2
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.ens-auto-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
