# InterviewLM test harness for Python. Runs INSIDE the sandbox, next to untrusted code, so it is
# not trusted: it only reports what the candidate's function returned; the server compares.
# stdin: {"nonce", "mainFile", "entryPoint", "loadTimeoutMs", "tests": [{"i", "args", "timeoutMs"}],
#         "programDir"?, "files"?: [{"path", "content"}]}  (files are written to programDir first)
# fd 3:  one JSON line per event: {"nonce", "i", "status": "ok"|"error"|"timeout", "value"?, "error"?,
#        "stdout", "durationMs"}; i = -1 reports a failure to load the program ("load_error"/"compile_error").
import io
import os
import sys
import time

# A one-shot run starts a fresh interpreter, so imports are paid per run: the C modules behind
# json and signal are used directly, which skips re, enum and friends (about 8 ms of CPU a run).
try:
    import _signal as signal
except ImportError:  # pragma: no cover - an interpreter without the C module
    import signal


def _not_json(value):
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


try:
    import _json

    class _ScanContext:
        strict = True
        object_hook = None
        object_pairs_hook = None
        parse_float = float
        parse_int = int
        memo = {}

        def parse_constant(self, name):
            raise ValueError("not JSON: %s" % name)

    _scan = _json.make_scanner(_ScanContext())

    def _loads(text):
        return _scan(text, 0)[0]  # the server sends compact JSON: no leading whitespace

    def _dumps(value):
        # A fresh encoder each time: its circular-reference markers must not outlive an error.
        encoder = _json.make_encoder({}, _not_json, _json.encode_basestring, None, ":", ",", False, False, False)
        return "".join(encoder(value, 0))

    if _dumps(_loads('{"a":[1,2.5,"x",null,true]}')) != '{"a":[1,2.5,"x",null,true]}':
        raise ImportError("unexpected _json behaviour")
except (ImportError, AttributeError, TypeError):  # pragma: no cover - another Python's internals
    import json

    _loads = json.loads
    _dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_not_json).encode

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


_source_lines = {}


def _source_line(filename, lineno):
    if filename not in _source_lines:
        try:
            with open(filename, "r", encoding="utf-8", errors="replace") as handle:
                _source_lines[filename] = handle.read().splitlines()
        except OSError:
            _source_lines[filename] = []
    lines = _source_lines[filename]
    return lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""


def _short_traceback(exc):
    # Formatted here rather than by the traceback module: importing it costs every run 2 ms, and
    # it could not be imported at all when the failure is "too many open files".
    if isinstance(exc, SyntaxError):
        lines = ['  File "%s", line %s' % (exc.filename, exc.lineno)]
        if exc.text:
            text = exc.text.rstrip("\n")
            lines.append("    " + text.strip())
            if exc.offset:
                indent = len(text) - len(text.lstrip())
                lines.append("    " + " " * max(0, exc.offset - 1 - indent) + "^")
    else:
        frames = []
        tb = exc.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            # Drop the harness's own frames: the candidate needs their code's lines, not ours.
            if not code.co_filename.endswith(("python_harness.py", "python_zygote.py")):
                frames.append('  File "%s", line %d, in %s' % (code.co_filename, tb.tb_lineno, code.co_name))
                source = _source_line(code.co_filename, tb.tb_lineno)
                if source:
                    frames.append("    " + source)
            tb = tb.tb_next
        lines = ["Traceback (most recent call last):"] + frames[-20:] if frames else []
    message = str(exc)
    lines.append("%s: %s" % (type(exc).__name__, message) if message else type(exc).__name__)
    return "\n".join(lines)[:4000]


def _make_emitter(nonce, channel):
    # What keeps a report honest is that the expected values never enter the sandbox: a forged line
    # can only claim a value the program could have returned itself. Still, the nonce and channel
    # live only in this closure (not in any frame the program can walk to), and the encoder and
    # writer are taken before the program loads, so patching json or this module changes nothing.
    encode = _dumps
    write_all = _write_all

    def emit(event):
        event["nonce"] = nonce
        write_all(channel, (encode(event) + "\n").encode("utf-8", "replace"))

    return emit


def _read_spec(read_spec_text):
    # A one-shot harness reads its spec from stdin; a run forked by the session zygote reads it
    # from the zygote's control pipe. Either way only the text and its parse are alive at once.
    spec = _loads(read_spec_text() if read_spec_text else sys.stdin.buffer.read().decode("utf-8"))
    sys.stdin = io.StringIO("")
    channel = os.dup(3)
    os.close(3)
    return spec, _make_emitter(spec.pop("nonce"), channel)


def main(read_spec_text=None):
    spec, emit = _read_spec(read_spec_text)

    # A pre-started sandbox receives the program with its input and writes it to its own tmpfs.
    program_dir = spec.get("programDir")
    if program_dir:
        for entry in spec.get("files", []):
            target = os.path.join(program_dir, entry["path"])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(entry["content"])
        os.chdir(program_dir)

    check_json = _dumps
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

    entry_point, tests = spec["entryPoint"], spec["tests"]
    del spec  # the program's frames can reach this one: leave it nothing but the args
    entry = namespace.get(entry_point)
    if not callable(entry):
        emit({"i": -1, "status": "load_error", "error": "no function named %s was found" % entry_point,
              "stdout": capture.value(), "durationMs": 0})
        return

    for test in tests:
        capture = _CappedText()
        sys.stdout = sys.stderr = capture
        event = {"i": test["i"]}
        started = time.perf_counter()
        try:
            signal.setitimer(signal.ITIMER_REAL, test["timeoutMs"] / 1000.0)
            value = entry(*test["args"])
            signal.setitimer(signal.ITIMER_REAL, 0)
            try:
                check_json(value)
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


if __name__ == "__main__":
    main()
    # Leave at once: threads or atexit hooks the program left behind must not hold the run open.
    os._exit(0)
