#!/usr/bin/env bash
# Installs the Debian libraries Qt needs on a bare machine (and the speech
# tools used to regenerate test audio; strace for the no-network test, which
# otherwise sees only Python-level sockets; postgresql for the team-library tests, which
# start a throw-away server with initdb and pg_ctl). Skips what is already there; needs root
# or sudo only when something is missing.
set -euo pipefail
PKGS=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
      libglib2.0-0 libnss3 libasound2 libpulse0 libxcb-cursor0 libxcb-icccm4
      libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0
      libxcb-image0 libxkbfile1 fonts-dejavu-core sox flite espeak-ng strace
      postgresql)
missing=()
for p in "${PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
