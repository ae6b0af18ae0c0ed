#!/usr/bin/env bash
# Installs Debian's Chromium and a CJK font for the browser tests (playwright-core drives it;
# a test tool's own browser download does not work offline). Idempotent; needs root or sudo.
set -euo pipefail
packages=()
command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || packages+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || packages+=(fonts-wqy-zenhei)
if [ ${#packages[@]} -eq 0 ]; then
  echo "chromium: $(chromium --version 2>/dev/null || echo "${CHROMIUM_PATH:-/usr/bin/chromium}")"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "installing ${packages[*]} (apt)"
if ! $sudo apt-get install -y --no-install-recommends "${packages[@]}"; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${packages[@]}"
fi
chromium --version
