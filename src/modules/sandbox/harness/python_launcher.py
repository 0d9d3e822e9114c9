# InterviewLM ad-hoc launcher for Python: a pre-started sandbox waits here for a program to run as
# if it had been started with `python3 main.py`. Runs INSIDE the sandbox.
# stdin: 10 ASCII digits (the header's length in bytes), the header
#        {"programDir", "mainFile", "files": [{"path", "content"}]}, then the program's own stdin.
# fd 3:  one JSON line {"status": "compile_error", "error"} when the program does not compile;
#        closed before any of the program runs.
import json
import os
import sys
import traceback
import types


def _read_exact(size):
    parts = []
    while size > 0:
        chunk = os.read(0, size)
        if not chunk:
            raise EOFError("the launcher's header ended early")
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


# Exact reads from fd 0 leave the rest of the pipe, unread, for the program's sys.stdin.
_spec = json.loads(_read_exact(int(_read_exact(10))).decode("utf-8"))
for _entry in _spec["files"]:
    _target = os.path.join(_spec["programDir"], _entry["path"])
    os.makedirs(os.path.dirname(_target), exist_ok=True)
    with open(_target, "w", encoding="utf-8") as _handle:
        _handle.write(_entry["content"])
os.chdir(_spec["programDir"])
_main = _spec["mainFile"]
del _spec, _entry, _target, _handle

try:
    with open(_main, "rb") as _handle:
        _code = compile(_handle.read(), _main, "exec")
except SyntaxError as _exc:
    _report = {"status": "compile_error", "error": "".join(traceback.format_exception_only(type(_exc), _exc)).rstrip()}
    os.write(3, (json.dumps(_report) + "\n").encode("utf-8", "replace"))
    os._exit(1)
os.close(3)

sys.argv = [_main]
sys.path[0] = os.getcwd()
_module = types.ModuleType("__main__")
_module.__file__ = _main
sys.modules["__main__"] = _module
try:
    exec(_code, _module.__dict__)
except SystemExit:
    raise
except BaseException as _exc:  # noqa: BLE001 - printed as Python would, without this file's frame
    traceback.print_exception(type(_exc), _exc, _exc.__traceback__.tb_next)
    sys.stdout.flush()
    sys.exit(1)
