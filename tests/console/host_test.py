#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host test of the whole console daemon: our xenstored (-D, no hypervisor),
xenconsoled with its test backend (ring pages are files, event channels
FIFOs), and this script playing the guests and the toolstack. Checks what a
user sees: the tty node, the log file, the pty through the xenconsole
client, input reaching the guest, a hostile guest cut off while the others
go on, a flooding guest throttled, death, and daemonising.

  host_test.py BUILD_DIR XENSTORED
Prints PASS/FAIL lines and "N passed, N failed".
"""

import mmap
import os
import pty
import termios
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

XS_DIRECTORY, XS_READ, XS_GET_PERMS, XS_WATCH = 1, 2, 3, 4
XS_INTRODUCE, XS_RELEASE, XS_WRITE, XS_RM, XS_ERROR = 8, 9, 11, 13, 16
XS_WATCH_EVENT = 15

IN_SIZE, OUT_SIZE = 1024, 2048
OFF_IN, OFF_OUT, OFF_IDX = 0, 1024, 3072  # in_cons, in_prod, out_cons, out_prod

passed = failed = 0


def result(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS %s %s" % (name, detail), flush=True)
    else:
        failed += 1
        print("FAIL %s %s" % (name, detail), flush=True)


class Store:
    """A plain xenstore client: enough to play the toolstack."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)
        self.req = 0

    def call(self, typ, payload):
        self.req += 1
        self.s.sendall(struct.pack("<IIII", typ, self.req, 0, len(payload)) + payload)
        while True:
            hdr = self._read(16)
            t, rid, _, ln = struct.unpack("<IIII", hdr)
            body = self._read(ln)
            if t == XS_WATCH_EVENT:
                continue
            if t == XS_ERROR:
                raise OSError(body.rstrip(b"\0").decode())
            return body

    def _read(self, n):
        b = b""
        while len(b) < n:
            c = self.s.recv(n - len(b))
            if not c:
                raise EOFError
            b += c
        return b

    def write(self, path, val):
        self.call(XS_WRITE, path.encode() + b"\0" + val.encode())

    def read(self, path):
        try:
            return self.call(XS_READ, path.encode() + b"\0").decode()
        except OSError:
            return None

    def perms(self, path):
        return self.call(XS_GET_PERMS, path.encode() + b"\0").split(b"\0")[0].decode()

    def rm(self, path):
        try:
            self.call(XS_RM, path.encode() + b"\0")
        except OSError:
            pass

    def introduce(self, domid, mfn, port):
        self.call(XS_INTRODUCE, b"%d\0%d\0%d\0" % (domid, mfn, port))

    def release(self, domid):
        self.call(XS_RELEASE, b"%d\0" % domid)


class Guest:
    """One fake guest: its ring page file and event channel FIFOs."""

    def __init__(self, tmp, store, domid, name, start=0):
        self.domid, self.name, self.tmp = domid, name, tmp
        base = os.path.join(tmp, "dom%d" % domid)
        with open(base + ".ring", "wb") as f:
            f.write(b"\0" * 4096)
        os.mkfifo(base + ".evtchn")
        os.mkfifo(base + ".notify")
        self.notify_fd = os.open(base + ".notify", os.O_RDONLY | os.O_NONBLOCK)
        self.evtchn = base + ".evtchn"
        self.f = open(base + ".ring", "r+b")
        self.m = mmap.mmap(self.f.fileno(), 4096)
        self.set_idx(0, start)
        self.set_idx(1, start)
        self.set_idx(2, start)
        self.set_idx(3, start)
        d = "/local/domain/%d" % domid
        store.write(d + "/name", name)
        store.write(d + "/console/type", "xenconsoled")
        store.write(d + "/console/ring-ref", str(1000 + domid))
        store.write(d + "/console/port", "7")
        store.introduce(domid, 1000 + domid, 7)

    def idx(self, i):
        return struct.unpack_from("<I", self.m, OFF_IDX + 4 * i)[0]

    def set_idx(self, i, v):
        struct.pack_into("<I", self.m, OFF_IDX + 4 * i, v & 0xffffffff)

    def kick(self):
        fd = os.open(self.evtchn, os.O_WRONLY | os.O_NONBLOCK)
        try:
            os.write(fd, b"!")
        except BlockingIOError:
            pass
        os.close(fd)

    def put(self, data, kick=True):
        """Produce output; returns how much fitted."""
        cons, prod = self.idx(2), self.idx(3)
        room = OUT_SIZE - ((prod - cons) & 0xffffffff)
        data = data[:room]
        for i, b in enumerate(data):
            self.m[OFF_OUT + ((prod + i) & (OUT_SIZE - 1))] = b
        self.set_idx(3, prod + len(data))
        if kick:
            self.kick()
        return len(data)

    def get(self):
        """Consume input."""
        cons, prod = self.idx(0), self.idx(1)
        out = bytes(self.m[OFF_IN + ((cons + i) & (IN_SIZE - 1))]
                    for i in range((prod - cons) & 0xffffffff))
        self.set_idx(0, prod)
        return out

    def notified(self):
        try:
            return len(os.read(self.notify_fd, 4096)) > 0
        except BlockingIOError:
            return False


def wait_for(pred, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    return pred()


def file_has(path, needle):
    try:
        with open(path, "rb") as f:
            return needle in f.read()
    except FileNotFoundError:
        return False


def main():
    build, xenstored = sys.argv[1], sys.argv[2]
    daemon = os.path.join(build, "xenconsoled")
    client = os.path.join(build, "xenconsole")
    tmp = tempfile.mkdtemp(prefix="console-host.")
    sock = os.path.join(tmp, "xs.sock")
    logs = os.path.join(tmp, "logs")
    procs = []
    env = dict(os.environ, XENSTORED_PATH=sock)
    try:
        xsd = subprocess.Popen([xenstored, "-F", "-D", "--socket", sock])
        procs.append(xsd)
        wait_for(lambda: os.path.exists(sock))
        st = Store(sock)
        st.write("/local/domain/0/name", "Domain-0")

        # A guest that printed before the daemon started.
        early = Guest(tmp, st, 1, "alpha")
        early.put(b"early-bird\n", kick=False)

        dlog = open(os.path.join(tmp, "daemon.log"), "w")
        d = subprocess.Popen([daemon, "-F", "-v", "--test-backend", tmp, "--log-dir", logs,
                              "--rate-bytes", "20000", "--rate-events", "1000"],
                             env=env, stderr=dlog)
        procs.append(d)
        tty = wait_for(lambda: st.read("/local/domain/1/console/tty"))
        result("tty-node-written", bool(tty and tty.startswith("/dev/pts/")), repr(tty))
        result("tty-node-owned-by-dom0", tty is not None and st.perms(
            "/local/domain/1/console/tty") == "n0")
        alpha_log = os.path.join(logs, "guest-alpha.log")
        result("output-before-daemon-logged", wait_for(lambda: file_has(alpha_log, b"early-bird")))
        early.put(b"hello-alpha\n")
        result("output-logged", wait_for(lambda: file_has(alpha_log, b"hello-alpha")))
        result("guest-notified-after-consume", wait_for(early.notified))

        # The client, fed from a FIFO so that we choose when it types.
        fifo = os.path.join(tmp, "client.in")
        os.mkfifo(fifo)
        out_path = os.path.join(tmp, "client.out")
        locks = os.path.join(tmp, "locks")
        cl = subprocess.Popen("exec %s -L %s 1 < %s > %s" % (client, locks, fifo, out_path),
                              shell=True,
                              env=env)
        procs.append(cl)
        wfd = os.open(fifo, os.O_WRONLY)
        result("client-sees-backlog", wait_for(lambda: file_has(out_path, b"hello-alpha")))
        early.put(b"live-line\n")
        result("client-sees-live-output", wait_for(lambda: file_has(out_path, b"live-line")))
        r = subprocess.run([client, "-L", locks, "1"], env=env, capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=10)
        result("second-client-refused", r.returncode == 1 and b"another client" in r.stderr,
               r.stderr.decode())
        os.write(wfd, b"ping\n")
        got = wait_for(early.get)
        result("client-input-reaches-guest", got == b"ping\n", repr(got))

        # A second, well-behaved guest, near the u32 wrap of its indices.
        beta = Guest(tmp, st, 2, "beta", start=0xfffffff0)
        wait_for(lambda: st.read("/local/domain/2/console/tty"))
        beta.put(b"wrapping-across-2^32\n")
        result("u32-index-wrap", wait_for(lambda: file_has(os.path.join(logs, "guest-beta.log"),
                                                          b"wrapping-across-2^32")))

        # Interactive: the client on a terminal; ^] detaches, and the
        # terminal's settings come back as they were.
        master, slave = pty.openpty()
        before = termios.tcgetattr(slave)
        ic = subprocess.Popen([client, "-L", locks, "2"], stdin=slave, stdout=slave, stderr=slave, env=env)
        procs.append(ic)
        beta.put(b"to-the-terminal\n")
        seen = b""
        end = time.monotonic() + 5
        while b"to-the-terminal" not in seen and time.monotonic() < end:
            if select.select([master], [], [], 0.2)[0]:
                seen += os.read(master, 4096)
        result("interactive-client-output", b"to-the-terminal" in seen)
        time.sleep(0.3)  # let it put the terminal in raw mode first
        os.write(master, b"typed\x1dignored")
        got = wait_for(beta.get)
        result("interactive-input-before-escape", got == b"typed", repr(got))
        try:
            rc = ic.wait(5)
        except subprocess.TimeoutExpired:
            rc = None
        result("escape-detaches", rc == 0, "rc %r" % rc)
        result("terminal-restored", termios.tcgetattr(slave) == before)
        os.close(master)
        os.close(slave)

        # A hostile guest: a producer index 5000 ahead of the consumer.
        evil = Guest(tmp, st, 3, "evil")
        wait_for(lambda: st.read("/local/domain/3/console/tty"))
        evil.set_idx(3, 5000)
        evil.kick()
        result("hostile-guest-cut-off",
               wait_for(lambda: st.read("/local/domain/3/console/tty") is None))
        result("hostile-guest-noted-in-its-log",
               wait_for(lambda: file_has(os.path.join(logs, "guest-evil.log"), b"corrupted")))
        early.put(b"still-served\n")
        result("others-still-served", wait_for(lambda: file_has(out_path, b"still-served")))
        result("daemon-alive-after-hostile-guest", d.poll() is None)

        # A flood: as fast as the ring allows for 1.5 s, limit 20000 B/s.
        flood = Guest(tmp, st, 4, "flood")
        wait_for(lambda: st.read("/local/domain/4/console/tty"))
        sent, t0 = 0, time.monotonic()
        chunk = b"F" * 2047 + b"\n"
        lat = None
        while time.monotonic() - t0 < 1.5:
            sent += flood.put(chunk)
            if lat is None and time.monotonic() - t0 > 0.5:
                early.put(b"during-flood\n")
                t1 = time.monotonic()
                wait_for(lambda: file_has(out_path, b"during-flood"), 2)
                lat = time.monotonic() - t1
        time.sleep(0.2)
        taken = os.path.getsize(os.path.join(logs, "guest-flood.log"))
        # 1.7 s at 20000 B/s plus one window's slack and the first ring-full.
        result("flood-throttled", taken <= 20000 * 1.7 + 2000 + 2048,
               "took %d of %d bytes offered" % (taken, sent))
        result("flood-still-progresses", taken >= 10000, "took %d" % taken)
        result("others-responsive-during-flood", lat is not None and lat < 1.0, "latency %r" % lat)
        dlog.flush()
        result("flood-reported", wait_for(lambda: file_has(dlog.name, b"flood, throttled")))

        # Death: release and removal, as a toolstack does on destroy.
        st.release(1)
        st.rm("/local/domain/1")
        result("tty-gone-after-death", wait_for(lambda: st.read("/local/domain/1/console/tty") is None))
        result("client-exits-on-death", wait_for(lambda: cl.poll() is not None))
        result("daemon-logs-death", wait_for(lambda: file_has(dlog.name, b"dom1 (alpha): gone")))
        os.close(wfd)

        # A client for a domain that does not exist fails at once.
        r = subprocess.run([client, "-w", "1", "99"], env=env, capture_output=True)
        result("client-no-such-domain", r.returncode == 1 and b"no such domain" in r.stderr,
               r.stderr.decode())
        # A tty node a guest wrote itself is refused.
        st.write("/local/domain/5/console/tty", "/dev/pts/0")
        st.call(14, b"/local/domain/5/console/tty\0b5\0")  # SET_PERMS: guest owns it
        r = subprocess.run([client, "-w", "0", "5"], env=env, capture_output=True)
        result("client-refuses-guest-written-tty", r.returncode == 1 and b"not written by dom0"
               in r.stderr, r.stderr.decode())

        # SIGTERM: every tty node removed, clean exit.
        d.send_signal(signal.SIGTERM)
        result("sigterm-exit-0", d.wait(5) == 0)
        result("sigterm-removes-tty-nodes", st.read("/local/domain/2/console/tty") is None)

        # Daemonised: returns once serving, pid file, lock, SIGTERM.
        pidf = os.path.join(tmp, "xc.pid")
        args = [daemon, "--test-backend", tmp, "--log-dir", logs, "--pid-file", pidf]
        r = subprocess.run(args, env=env, timeout=10)
        ok = r.returncode == 0 and os.path.exists(pidf)
        result("daemonise-returns-when-ready", ok)
        if ok:
            pid = int(open(pidf).read())
            result("daemon-serves-after-fork",
                   wait_for(lambda: st.read("/local/domain/2/console/tty") is not None))
            r2 = subprocess.run(args, env=env, timeout=10, capture_output=True)
            result("second-daemon-refused", r2.returncode != 0)
            os.kill(pid, signal.SIGTERM)
            result("daemon-removes-pid-file", wait_for(lambda: not os.path.exists(pidf)))
            result("daemon-log-file", file_has(os.path.join(logs, "xenconsoled.log"), b"serving"))
        r = subprocess.run([daemon, "-F", "--socket", os.path.join(tmp, "nope"),
                            "--test-backend", tmp], capture_output=True)
        result("no-xenstored-fails", r.returncode == 1 and b"cannot connect" in r.stderr)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        subprocess.run(["rm", "-rf", tmp])
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
