# InterviewLM test harness for Python. Runs INSIDE the sandbox, next to untrusted code, so it is
# not trusted: it only reports what the candidate's function returned; the server compares.
# stdin: {"nonce", "mainFile", "entryPoint", "loadTimeoutMs", "tests": [{"i", "args", "timeoutMs"}],
#         "programDir"?, "files"?: [{"path", "content"}]}  (files are written to programDir first)
# fd 3:  one JSON line per event: {"nonce", "i", "status": "ok"|"error"|"timeout", "value"?, "error"?,
#        "stdout", "durationMs"}; i = -1 reports a failure to load the program ("load_error"/"compile_error").
import io
import json
import os
import signal
import sys
import time
import traceback

CAPTURE_LIMIT = 8192


class _TestTimeout(BaseException):
    """Raised by the per-test timer; BaseException so a bare `except Exception` cannot swallow it."""


class _CappedText(io.TextIOBase):
    def __init__(self):
        self.parts = []
        self.size = 0
        self.truncated = False

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = CAPTURE_LIMIT - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(len(text), room)
        if len(text) > room:
            self.truncated = True
        return len(text)

    def value(self):
        return "".join(self.parts) + ("\n[output truncated]" if self.truncated else "")


def _on_alarm(signum, frame):
    raise _TestTimeout()


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except InterruptedError:
            continue
        view = view[written:]


def _short_traceback(exc):
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    # Drop the harness's own frames: the candidate needs their code's lines, not ours.
    kept = [line for line in lines if "python_harness.py" not in line]
    return "".join(kept[-12:]).strip()[:4000]


def main():
    spec = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    sys.stdin = io.StringIO("")
    channel = os.dup(3)
    os.close(3)
    nonce = spec["nonce"]

    def emit(event):
        event["nonce"] = nonce
        _write_all(channel, (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8", "replace"))

    # A pre-started sandbox receives the program with its input and writes it to its own tmpfs.
    program_dir = spec.get("programDir")
    if program_dir:
        for entry in spec.get("files", []):
            target = os.path.join(program_dir, entry["path"])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(entry["content"])
        os.chdir(program_dir)

    signal.signal(signal.SIGALRM, _on_alarm)
    sys.setrecursionlimit(20000)
    sys.path.insert(0, os.getcwd())
    real_stdout, real_stderr = sys.stdout, sys.stderr

    capture = _CappedText()
    sys.stdout = sys.stderr = capture
    started = time.perf_counter()
    namespace = {"__name__": "__solution__", "__file__": spec["mainFile"]}
    try:
        with open(spec["mainFile"], "rb") as handle:
            source = handle.read()
        code = compile(source, spec["mainFile"], "exec")
    except SyntaxError as exc:
        sys.stdout, sys.stderr = real_stdout, real_stderr
        emit({"i": -1, "status": "compile_error", "error": _short_traceback(exc), "stdout": "", "durationMs": 0})
        return
    try:
        signal.setitimer(signal.ITIMER_REAL, spec["loadTimeoutMs"] / 1000.0)
        exec(code, namespace)
        signal.setitimer(signal.ITIMER_REAL, 0)
    except _TestTimeout:
        sys.stdout, sys.stderr = real_stdout, real_stderr
        emit({"i": -1, "status": "timeout", "error": "the program did not finish loading in time", "stdout": capture.value(),
              "durationMs": (time.perf_counter() - started) * 1000})
        return
    except BaseException as exc:  # noqa: BLE001 - anything the program raises while loading is reported
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout, sys.stderr = real_stdout, real_stderr
        emit({"i": -1, "status": "load_error", "error": _short_traceback(exc), "stdout": capture.value(),
              "durationMs": (time.perf_counter() - started) * 1000})
        return
    sys.stdout, sys.stderr = real_stdout, real_stderr

    entry = namespace.get(spec["entryPoint"])
    if not callable(entry):
        emit({"i": -1, "status": "load_error", "error": "no function named %s was found" % spec["entryPoint"],
              "stdout": capture.value(), "durationMs": 0})
        return

    for test in spec["tests"]:
        capture = _CappedText()
        sys.stdout = sys.stderr = capture
        event = {"i": test["i"]}
        started = time.perf_counter()
        try:
            signal.setitimer(signal.ITIMER_REAL, test["timeoutMs"] / 1000.0)
            value = entry(*test["args"])
            signal.setitimer(signal.ITIMER_REAL, 0)
            try:
                json.dumps(value, allow_nan=False)
                event.update(status="ok", value=value)
            except (TypeError, ValueError) as exc:
                event.update(status="error", error="the returned %s value cannot be compared as JSON (%s)"
                             % (type(value).__name__, exc))
        except _TestTimeout:
            event.update(status="timeout", error="time limit exceeded (%d ms)" % test["timeoutMs"])
        except RecursionError as exc:
            signal.setitimer(signal.ITIMER_REAL, 0)
            event.update(status="error", error="RecursionError: %s" % exc)
        except BaseException as exc:  # noqa: BLE001 - the candidate's exception is the test's result
            signal.setitimer(signal.ITIMER_REAL, 0)
            event.update(status="error", error=_short_traceback(exc))
        event["durationMs"] = (time.perf_counter() - started) * 1000
        sys.stdout, sys.stderr = real_stdout, real_stderr
        event["stdout"] = capture.value()
        emit(event)


main()
# Leave at once: threads or atexit hooks the program left behind must not hold the run open.
os._exit(0)
