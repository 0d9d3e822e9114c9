# InterviewLM session zygote for Python test runs. Runs INSIDE one session's sandbox (its own
# namespaces, uid and cgroup) as the sandbox's pid 1, and serves that session's test runs one after
# another: each run is a fork of this warm interpreter, so a run costs a fork instead of a new
# sandbox and interpreter.
#
# stdin: per run, three frames of 10 ASCII digits (the length in bytes) + body:
#          {"cpuSeconds": n}, then the harness's spec (JSON), then {"end": "<marker>"}.
#        The run reads the spec frame itself and closes the pipe before any of its program runs;
#        the marker frame is read here only once the run has ended. Being pid 1, this process
#        cannot be signalled from inside the sandbox; being undumpable, it cannot be read either.
# out:   the run writes to fds 1, 2 and 3 (the harness's result channel) as a one-shot run would.
#        When it has ended and everything it started is dead, this writes the marker on fds 1 and
#        2, and "\n<marker> <exit code> <signal>\n" on fd 3 (-1 for whichever does not apply).
import os
import resource
import time

# Imports are paid once per zygote, but the first run of a session waits for them: the C module
# behind signal skips enum, and the directory clean-up below skips shutil (and re with it).
try:
    import _signal as signal
except ImportError:  # pragma: no cover - an interpreter without the C module
    import signal

_HERE = os.path.dirname(os.path.abspath(__file__))
_harness = {"__name__": "python_harness", "__file__": os.path.join(_HERE, "python_harness.py")}
with open(_harness["__file__"], "rb") as _handle:
    exec(compile(_handle.read(), _harness["__file__"], "exec"), _harness)
del _handle
_loads = _harness["_loads"]
_write_all = _harness["_write_all"]

try:
    import ctypes

    _libc = ctypes.CDLL(None, use_errno=True)
    _prctl = _libc.prctl
except (ImportError, OSError, AttributeError):  # pragma: no cover - no ctypes in this interpreter
    _libc = _prctl = None
_PR_SET_DUMPABLE = 4
_IPC_RMID = 0


def _set_dumpable(value):
    if _prctl is None or _prctl(_PR_SET_DUMPABLE, value, 0, 0, 0) != 0:
        # Without it a run could read the next marker out of this process: refuse to serve.
        raise SystemExit("the zygote cannot make itself undumpable")


def _read_exact(fd, size):
    """`size` bytes from `fd` into one buffer (no second copy: a spec may be 100 MB), or None at EOF."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        count = os.readv(fd, [view[done:]])
        if count == 0:
            return None
        done += count
    view.release()
    return buffer


def _read_frame(fd):
    length = _read_exact(fd, 10)
    return None if length is None else _read_exact(fd, int(length))


def _end_everything_the_run_started():
    """Kills and reaps every other process of the sandbox; False if some would not go."""
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        try:
            os.kill(-1, signal.SIGKILL)  # everything this process may signal here, except itself
        except ProcessLookupError:
            pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0] != 0:
                pass
        except ChildProcessError:
            return True  # as pid 1 every process of the sandbox is a child: none are left
        time.sleep(0.001)
    return False


def _empty(root):
    """Removes what is under `root` without following symlinks. Every process of the run is dead by
    now, so nothing can swap a directory for a link while this walks; no recursion, so depth is no
    weapon either."""
    pending, directories = [root], []
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except PermissionError:
            try:  # a run may take its own directory's permissions away; they are the same uid's
                os.chmod(directory, 0o700)
                entries = list(os.scandir(directory))
            except OSError:
                continue
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    directories.append(entry.path)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass
    for directory in reversed(directories):
        try:
            os.rmdir(directory)
        except OSError:
            pass


def _remove_ipc_objects():
    """SysV shared memory, semaphores and message queues live in the sandbox's IPC namespace, not in
    a process: remove what the run created, or it would stay (and use memory) for the next run."""
    if _libc is None:
        return
    for kind, remove in (("shm", _libc.shmctl), ("sem", _libc.semctl), ("msg", _libc.msgctl)):
        try:
            with open("/proc/sysvipc/" + kind, "r") as table:
                rows = table.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 1 and fields[1].isdigit():
                if kind == "sem":
                    remove(int(fields[1]), 0, _IPC_RMID)
                else:
                    remove(int(fields[1]), _IPC_RMID, None)


def _child(control, cpu_seconds):
    try:
        _set_dumpable(1)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))

        def read_spec_text():
            spec = _read_frame(control)
            os.close(control)
            if spec is None:
                os._exit(1)
            return spec.decode("utf-8")

        _harness["main"](read_spec_text)
    finally:
        os._exit(0)


def _serve(control, header):
    pid = os.fork()
    if pid == 0:
        _child(control, int(_loads(header.decode("utf-8"))["cpuSeconds"]))
    _, status = os.waitpid(pid, 0)
    if not _end_everything_the_run_started():
        os._exit(1)
    for directory in ("/tmp", "/dev/shm"):
        _empty(directory)
    _remove_ipc_objects()
    end = _read_frame(control)
    if end is None:
        os._exit(0)
    exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    signal_number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else -1
    marker = _loads(end.decode("utf-8"))["end"].encode("ascii")
    _write_all(1, marker)
    _write_all(2, marker)
    _write_all(3, b"\n%s %d %d\n" % (marker, exit_code, signal_number))


def main():
    if os.getpid() != 1:
        # kill(-1) below is only safe where this process is the init of a sandbox of its own.
        raise SystemExit("the zygote must run as pid 1 of its sandbox")
    _set_dumpable(0)
    # Signals with a handler would reach pid 1 from inside the sandbox: keep none.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The runs read an empty stdin; the frames arrive on a descriptor the runs close before starting.
    control = os.dup(0)
    devnull = os.open("/dev/null", os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    import gc

    gc.freeze()  # keeps the warm heap shared with each forked run instead of copied on first touch
    while True:
        header = _read_frame(control)
        if header is None:
            os._exit(0)
        _serve(control, header)


main()
