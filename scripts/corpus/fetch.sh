#!/usr/bin/env bash
# Fetches the training corpus from Debian packages without installing anything system-wide: apt-get download, dpkg -x,
# then prepare.cs resizes the photos listed in photos.csv into <out>/train and <out>/heldout with LICENSES.md.
#   scripts/corpus/fetch.sh [out-folder]        (default: data/corpus; needs network access to a Debian mirror)
# Never add plasma-workspace-wallpapers or scikit-image data here: they are reserved for independent evaluation.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(realpath -m "${1:-data/corpus}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
packages=(lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 mate-backgrounds mate-screensaver-common palapeli-data)
mkdir -p "$work/debs" "$work/x"
(cd "$work/debs" && apt-get download "${packages[@]}")
for deb in "$work"/debs/*.deb; do
  name="$(basename "$deb")"; name="${name%%_*}"
  dpkg -x "$deb" "$work/x/$name"
done
dotnet run "$here/prepare.cs" -- "$work/x" "$out" "${@:2}"
