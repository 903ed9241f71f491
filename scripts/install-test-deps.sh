#!/usr/bin/env bash
# Installs the third-party Kafka clients the compatibility tests drive (Debian packages).
# Idempotent: does nothing when they are already there.
set -euo pipefail
packages=(kcat python3-confluent-kafka python3-kafka python3-snappy python3-lz4 python3-zstandard golang-go golang-github-shopify-sarama-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "The compatibility tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing test clients: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
