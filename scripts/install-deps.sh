#!/usr/bin/env bash
# Installs the Debian packages the tests need, from the one list the lab reads too
# (lab/src/main/resources/io/virtpath/lab/debian-packages.txt). Run by ./run-tests, so by CI.
#
#   scripts/install-deps.sh            as root: installs what is missing, saying what; otherwise
#                                      lists what is missing and the command that installs it
#   scripts/install-deps.sh --check    only lists what is missing (exit 1 if anything is)
#
# As root everything is needed (root runs the privileged tests too); as another user only what
# the unprivileged tests need. Exit: 0 all there, 1 missing (not root, or --check), 2 bad usage.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
list="$here/lab/src/main/resources/io/virtpath/lab/debian-packages.txt"

check_only=false
case "${1:-}" in
  "") ;;
  --check) check_only=true ;;
  *) echo "install-deps: unknown argument '$1' (usage: scripts/install-deps.sh [--check])" >&2; exit 2 ;;
esac

root=false
[ "$(id -u)" = 0 ] && root=true

# A dynamically linked busybox can't go into the guests' initramfs. The sbin directories count
# even when a user's PATH lacks them (mkfs.ext4, depmod live there; the tests find them there).
has() {
  if [ "$1" = busybox ]; then
    [ -x /bin/busybox ] && ! grep -q "/ld-linux" /bin/busybox 2>/dev/null
  else
    PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null 2>&1
  fi
}

missing=()
while read -r program package users _; do
  case "$program" in ''|'#'*) continue ;; esac
  if ! $root && [[ ",$users," != *,tests,* ]]; then
    continue # only the privileged tests or the lab need it: not run as this user
  fi
  has "$program" || missing+=("$package")
done < "$list"

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if $check_only || ! $root || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing Debian packages: ${missing[*]}" >&2
  echo "install-deps: install them with: sudo $cmd   (or run ./run-tests as root, which does)" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]} ($cmd)" >&2
export DEBIAN_FRONTEND=noninteractive
# Another apt (unattended-upgrades, a colleague) may hold the dpkg lock: wait for it, up to 10 min.
apt_get() { apt-get -o DPkg::Lock::Timeout=600 -q "$@"; }
# A fresh machine may have no package lists yet: update once when the first try fails.
if ! apt_get install -y --no-install-recommends "${missing[@]}" >&2; then
  echo "install-deps: apt-get install failed; running apt-get update first" >&2
  apt_get update >&2
  apt_get install -y --no-install-recommends "${missing[@]}" >&2
fi
for package in "${missing[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || { echo "install-deps: $package is still not installed" >&2; exit 1; }
done
