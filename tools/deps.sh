#!/bin/sh
# Checks the build and run dependencies and installs the missing Debian
# packages with apt-get (as root, or through sudo). Nothing is fetched from
# anywhere but the system's configured Debian/Raspberry Pi OS archives.
#
# usage: tools/deps.sh [ARCH]     ARCH: a Debian architecture for
#                                 cross-building (e.g. arm64); default native
#
# With ARCH, it also installs the cross compiler and qemu-user (to run the
# tests of that build here), enabling ARCH in dpkg (multiarch) if needed.
# Natively it also tries to install clang and its libFuzzer runtime for the
# fuzz targets; without them only those are skipped.
# AGM_DEPS=build: only what building and running the program needs (what
# rpi/install.sh asks for on a kiosk): no test tools (an X server, xdotool,
# clang), which an appliance has no use for.
set -eu
arch=${1:-}
only_build=no
[ "${AGM_DEPS:-}" = build ] && only_build=yes
# Cross-building for the machine we are on is a native build.
if [ -n "$arch" ] && command -v dpkg >/dev/null && [ "$arch" = "$(dpkg --print-architecture)" ]; then
    arch=""
fi
suffix=""
[ -n "$arch" ] && suffix=":$arch"

missing=""
# need_pkg PACKAGE TEST: a package for the build machine itself.
need_pkg() {
    if ! sh -c "$2" >/dev/null 2>&1; then missing="$missing $1"; fi
}
# need_dev PACKAGE TEST: a library package for the target architecture.
need_dev() { need_pkg "$1$suffix" "$2"; }

need_pkg pkg-config "command -v pkg-config"
need_pkg make "command -v make"
if [ -z "$arch" ]; then
    need_pkg gcc "command -v gcc"
    need_pkg sqlite3 "command -v sqlite3"
    need_pkg time "test -x /usr/bin/time"
    need_pkg fonts-noto-core "test -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
    need_pkg fonts-noto-cjk "test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    if [ "$only_build" = no ]; then
        # systemd-analyze checks the kiosk's unit file (tests/e2e/rpi_unit.sh).
        need_pkg systemd "command -v systemd-analyze"
        # A real X server with no window manager, a pointer and a screen grab
        # (tests/e2e/xfullscreen.sh).
        need_pkg xvfb "command -v Xvfb"
        need_pkg xdotool "command -v xdotool"
        need_pkg x11-apps "command -v xwd"
        # make bench's grab of the real X screen when it changes (tests/bench/xgrab.c)
        need_pkg libxdamage-dev "test -f /usr/include/X11/extensions/Xdamage.h"
        need_pkg python3 "command -v python3"
    fi
    pcenv=""
else
    multi=$(dpkg-architecture -a "$arch" -qDEB_HOST_MULTIARCH 2>/dev/null || echo "aarch64-linux-gnu")
    cpu=${multi%%-*}
    need_pkg "gcc-$multi" "command -v $multi-gcc"
    need_pkg "libc6-dev-$arch-cross" "test -f /usr/$multi/include/stdio.h"
    # qemu-user runs the cross-built tests here (qemu-user-static would do too).
    need_pkg qemu-user "command -v qemu-$cpu || command -v qemu-$cpu-static"
    pcenv="PKG_CONFIG_LIBDIR=/usr/lib/$multi/pkgconfig:/usr/share/pkgconfig"
fi
for spec in libsdl2-dev:sdl2 libsdl2-ttf-dev:SDL2_ttf libsqlite3-dev:sqlite3 libcmark-dev:libcmark \
            libinih-dev:inih libsodium-dev:libsodium libpng-dev:libpng libsystemd-dev:libsystemd \
            libicu-dev:icu-uc libqrencode-dev:libqrencode; do
    need_dev "${spec%%:*}" "$pcenv pkg-config --exists ${spec#*:}"
done
# libcsv has no pkg-config file: look for its header and the library itself.
if [ -z "$arch" ]; then
    need_dev libcsv-dev "test -f /usr/include/csv.h && ls /usr/lib/*/libcsv.so"
else
    need_dev libcsv-dev "test -f /usr/include/csv.h && test -e /usr/lib/$multi/libcsv.so"
fi

if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO="none"; fi

# The fuzz targets (tests/fuzz/) need clang and its libFuzzer runtime
# (libclang-rt-NN-dev, NN the clang version). Optional: when they cannot be
# installed, make test says the fuzz targets were skipped.
fuzz_ok() {
    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' |
        clang -x c -fsanitize=fuzzer,address,undefined -o /dev/null - >/dev/null 2>&1
}
apt_quiet() { # apt_quiet PACKAGE...: install, once more after refreshing the lists
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null ||
        { $SUDO apt-get update -q >/dev/null &&
          $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null; }
}
install_fuzz() {
    [ "$SUDO" != none ] || return 1
    command -v clang >/dev/null || apt_quiet clang || return 1
    fuzz_ok && return 0
    v=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
    [ -n "$v" ] && apt_quiet "libclang-rt-$v-dev" && fuzz_ok
}
if [ -z "$arch" ] && [ "$only_build" = no ] && ! fuzz_ok; then
    echo "deps: installing clang and its libFuzzer runtime (for the fuzz targets)"
    install_fuzz || echo "deps: clang with libFuzzer could not be installed; the fuzz targets will be skipped"
fi

[ -z "$missing" ] && exit 0

echo "deps: installing Debian packages:$missing"
if [ "$SUDO" = none ]; then
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
