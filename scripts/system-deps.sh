#!/usr/bin/env bash
# Install the Debian packages tipwatch needs where they are missing, or say in one line what to install.
# Machines here run as root; elsewhere, run the printed apt-get line yourself.
set -u
need=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing system packages: ${need[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/tmp/tipwatch-apt.log 2>&1 \
    || { echo "could not install ${need[*]} (see /tmp/tipwatch-apt.log); run: sudo apt-get install ${need[*]}"; exit 1; }
else
  echo "missing system packages; run: sudo apt-get install ${need[*]}"
  exit 1
fi
