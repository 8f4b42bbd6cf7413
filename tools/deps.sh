#!/bin/sh
# Checks the build and run dependencies and installs the missing Debian
# packages with apt-get (as root, or through sudo). Nothing is fetched from
# anywhere but the system's configured Debian/Raspberry Pi OS archives.
#
# usage: tools/deps.sh [ARCH]     ARCH: a Debian architecture for
#                                 cross-building (e.g. arm64); default native
set -eu
arch=${1:-}
suffix=""
[ -n "$arch" ] && suffix=":$arch"

missing=""
need_pkg() { # $1 = package, $2 = test command that succeeds when present
    if ! sh -c "$2" >/dev/null 2>&1; then missing="$missing $1$suffix"; fi
}
pc() { echo "pkg-config --exists $1"; }
hdr() { echo "test -f /usr/include/$1 || test -f /usr/include/${2:-x}/$1"; }

if [ -z "$arch" ]; then
    need_pkg pkg-config "command -v pkg-config"
    need_pkg gcc "command -v gcc"
    need_pkg make "command -v make"
    need_pkg sqlite3 "command -v sqlite3"
    need_pkg time "test -x /usr/bin/time"
    need_pkg fonts-noto-core "test -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
    need_pkg fonts-noto-cjk "test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    multi=""
else
    multi=$(dpkg-architecture -A "$arch" -qDEB_HOST_MULTIARCH 2>/dev/null || echo "aarch64-linux-gnu")
fi
PKG_CONFIG_LIBDIR_ARG=""
[ -n "$arch" ] && PKG_CONFIG_LIBDIR_ARG="PKG_CONFIG_LIBDIR=/usr/lib/$multi/pkgconfig:/usr/share/pkgconfig"
for spec in libsdl2-dev:sdl2 libsdl2-ttf-dev:SDL2_ttf libsqlite3-dev:sqlite3 libcmark-dev:libcmark \
            libinih-dev:inih libsodium-dev:libsodium libpng-dev:libpng libsystemd-dev:libsystemd; do
    need_pkg "${spec%%:*}" "$PKG_CONFIG_LIBDIR_ARG pkg-config --exists ${spec#*:}"
done
if [ -z "$arch" ]; then
    need_pkg libcsv-dev "test -f /usr/include/csv.h && ls /usr/lib/*/libcsv.so"
else
    need_pkg libcsv-dev "test -f /usr/include/csv.h && test -e /usr/lib/$multi/libcsv.so"
fi

[ -z "$missing" ] && exit 0

echo "deps: installing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "deps: error: not root and no sudo; install these packages:$missing" >&2; exit 1
fi
if [ -n "$arch" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    echo "deps: enabling the $arch architecture (dpkg --add-architecture $arch)"
    $SUDO dpkg --add-architecture "$arch"
    $SUDO apt-get update -q
fi
# shellcheck disable=SC2086
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; then
    echo "deps: apt-get failed; refreshing the package lists and trying once more"
    $SUDO apt-get update -q
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
