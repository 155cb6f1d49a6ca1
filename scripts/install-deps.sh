#!/bin/sh
# Installs the Debian 12 packages wdfcheck needs to build and test. Idempotent: does
# nothing when everything is already there. Run as root (or through sudo).
set -e
PACKAGES="build-essential cmake pkg-config libboost-graph-dev libspdlog-dev libcli11-dev \
nlohmann-json3-dev libxxhash-dev libcppunit-dev python3 python3-jsonschema chromium"
missing=""
for p in $PACKAGES; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq $missing >/dev/null
