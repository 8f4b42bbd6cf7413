"""The appliance test's virtual machine: QEMU started headless with the
image's own kernel, a QMP socket for control, the kernel console in a file
and a root shell on the second serial port (a unix socket)."""
import json
import os
import random
import re
import socket
import struct
import subprocess
import time
import zlib


# The CPU under TCG: everything QEMU emulates but AVX. trixie's llvmpipe
# (Mesa 25, LLVM 19) JIT-compiles 256-bit AVX2 code, and under QEMU 7.2's
# TCG that code crashed the kiosk (SIGSEGV at an address in JIT code, at its
# first frame, every start); with 128-bit vectors (LP_NATIVE_VECTOR_WIDTH=128)
# the same binary drew its first frame. On real CPUs (and on a Pi's GPU)
# the AVX2 path works: it is the emulation that is left out.
TCG_CPU = "max,avx=off,avx2=off,fma=off"


class VMError(Exception):
    pass


class QMP:
    def __init__(self, path, timeout=30):
        self.sock = _connect(path, timeout)
        self.buf = b""
        self._read()  # the greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise VMError("QMP closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            r = self._read()
            if "return" in r:
                return r["return"]
            if "error" in r:
                raise VMError("QMP %s: %s" % (name, r["error"].get("desc")))
            # events are skipped

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def _connect(path, timeout):
    end = time.time() + timeout
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.time() > end:
                raise VMError("cannot connect to %s" % path)
            time.sleep(0.1)


class Shell:
    """A root shell on a serial port: commands are sent as lines, their
    output is read up to a marker that carries the exit status."""

    def __init__(self, path, timeout):
        self.sock = _connect(path, 30)
        self.sock.settimeout(0.5)
        self.buf = ""
        end = time.time() + timeout
        token = "%08x" % random.getrandbits(32)
        # Wait for the autologin shell: poke it until it answers.
        while True:
            if time.time() > end:
                raise VMError("no shell on the serial port after %d s" % timeout)
            try:
                self._send("stty -echo -onlcr; PS1=; PS2=; echo 'READY'%s\n" % token)
            except socket.timeout:
                pass  # the guest does not read its serial port yet: poke again later
            if self._wait(re.compile("READY" + token), 3) is not None:
                break
        self.buf = ""
        self.run("export TERM=dumb SYSTEMD_PAGER= SYSTEMD_COLORS=0 LC_ALL=C.UTF-8", 120)

    def _send(self, s):
        self.sock.sendall(s.encode())

    def _wait(self, rx, timeout):
        end = time.time() + timeout
        while True:
            m = rx.search(self.buf)
            if m:
                return m
            if time.time() > end:
                return None
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise VMError("the serial shell closed")
            self.buf += chunk.decode("utf-8", "replace").replace("\r", "")

    def run(self, cmd, timeout=60):
        """(status, output) of a shell command line."""
        token = "%08x" % random.getrandbits(32)
        self.buf = ""
        self._send("%s\nprintf '\\n@@%s:%%s@@\\n' $?\n" % (cmd, token))
        m = self._wait(re.compile(r"\n?@@%s:(\d+)@@\n" % token), timeout)
        if m is None:
            raise VMError("timeout (%d s) running: %s" % (timeout, cmd))
        out = self.buf[: m.start()]
        self.buf = self.buf[m.end():]
        return int(m.group(1)), out

    def out(self, cmd, timeout=60):
        return self.run(cmd, timeout)[1].strip()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class VM:
    def __init__(self, work, kernel, initrd, disk, accel, share, cache="unsafe",
                 outputs=1, size=(1280, 800), extra_append="", mem=1536):
        self.work = work
        self.console = os.path.join(work, "console.log")
        self.qmp_path = os.path.join(work, "qmp.sock")
        self.shell_path = os.path.join(work, "shell.sock")
        for p in (self.qmp_path, self.shell_path):
            if os.path.exists(p):
                os.unlink(p)
        append = "root=/dev/vda rw console=ttyS0,115200 panic=-1 " + extra_append
        if accel == "kvm":
            accel_args = ["-accel", "kvm", "-cpu", "host"]
        else:
            accel_args = ["-accel", "tcg,thread=multi", "-cpu", TCG_CPU]
        gpu = "virtio-gpu-pci,xres=%d,yres=%d" % size
        if outputs > 1:
            gpu += ",max_outputs=%d" % outputs
        self.argv = [
            "qemu-system-x86_64", "-nodefaults", "-no-user-config", "-machine", "q35",
            *accel_args, "-smp", "2", "-m", str(mem),
            "-kernel", kernel, "-initrd", initrd, "-append", append,
            "-drive", "file=%s,format=raw,if=virtio,cache=%s" % (disk, cache),
            "-device", gpu, "-display", "none",
            "-device", "virtio-rng-pci", "-nic", "none",
            "-device", "qemu-xhci,id=xhci",
            "-serial", "file:" + self.console,
            "-serial", "unix:%s,server=on,wait=off" % self.shell_path,
            "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
            "-virtfs", "local,path=%s,mount_tag=agm,security_model=none,id=agm" % share,
            "-no-reboot",
        ]
        self.t0 = time.time()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL,
                                     stdout=open(os.path.join(work, "qemu.log"), "ab"),
                                     stderr=subprocess.STDOUT)
        self.qmp = QMP(self.qmp_path)
        self.shell = None

    def connect_shell(self, timeout=240):
        self.shell = Shell(self.shell_path, timeout)
        return self.shell

    def alive(self):
        return self.proc.poll() is None

    def kill(self):
        """Pull the plug: the process dies at once, nothing is flushed."""
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        self.close()

    def quit(self):
        if self.alive():
            try:
                self.qmp.cmd("quit")
            except (VMError, OSError):
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.close()

    def close(self):
        if self.shell:
            self.shell.close()
        self.qmp.close()


# ---- pictures ----------------------------------------------------------------

def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    if not m:
        raise VMError("%s: not a PPM" % path)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end(): m.end() + w * h * 3]


def read_png(path):
    """(w, h, RGB bytes) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise VMError("%s: not a PNG" % path)
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos: pos + 8])
        body = data[pos + 8: pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise VMError("%s: PNG kind not handled" % path)
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    out = bytearray(h * stride)
    prev = bytearray(stride)
    p = 0
    for y in range(h):
        ft = raw[p]
        line = bytearray(raw[p + 1: p + 1 + stride])
        p += 1 + stride
        if ft == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ft == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif ft == 3:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((a + prev[i]) >> 1)) & 255
        elif ft == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        out[y * stride: (y + 1) * stride] = line
        prev = line
    if bpp == 4:
        rgb = bytearray(w * h * 3)
        rgb[0::3] = out[0::4]
        rgb[1::3] = out[1::4]
        rgb[2::3] = out[2::4]
        out = rgb
    return w, h, bytes(out)


def write_png(path, w, h, rgb):
    raw = b"".join(b"\x00" + rgb[y * w * 3: (y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def compare(a, b, threshold=48, region=None):
    """(fraction of pixels that differ by more than threshold in a channel,
    mean absolute difference per channel) of two (w, h, rgb) pictures, or of
    their region (x0, y0, x1, y1)."""
    if a[0] != b[0] or a[1] != b[1]:
        return 1.0, 255.0
    pa, pb = a[2], b[2]
    if region:
        x0, y0, x1, y1 = region
        w = a[0]
        pa = b"".join(pa[(y * w + x0) * 3:(y * w + x1) * 3] for y in range(y0, y1))
        pb = b"".join(pb[(y * w + x0) * 3:(y * w + x1) * 3] for y in range(y0, y1))
    n = len(pa) // 3
    # Per channel, then per pixel (bytes.translate-free: plain loops are too
    # slow in Python for 1M pixels, so work on whole columns with zip).
    diff = [abs(x - y) for x, y in zip(pa, pb)]
    total = sum(diff)
    bad = 0
    for i in range(0, len(diff), 3):
        if diff[i] > threshold or diff[i + 1] > threshold or diff[i + 2] > threshold:
            bad += 1
    return bad / n, total / len(diff)


def black_fraction(pic):
    rgb = pic[2]
    dark = sum(1 for i in range(0, len(rgb), 3 * 7) if rgb[i] < 16 and rgb[i + 1] < 16 and rgb[i + 2] < 16)
    return dark / (len(rgb) // (3 * 7))
