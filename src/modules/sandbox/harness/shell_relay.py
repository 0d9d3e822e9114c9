"""
The session terminal's relay, run inside the sandbox (session-shell.service.ts).

bwrap puts the sandboxed program in a new session (--new-session, against TIOCSTI injection), so
the server's terminal cannot be the shell's controlling terminal: without a terminal of its own
the shell has no job control, and Ctrl-C would reach bwrap (the server terminal's foreground
process group) and end the whole sandbox. So this relay opens a terminal INSIDE the sandbox
(bwrap's --dev gives a private devpts), runs the shell on it, and copies bytes both ways with
the outer terminal in raw mode: Ctrl-C becomes a byte that the inner terminal turns into SIGINT
for the shell's foreground job.

The outer terminal's size changes raise SIGWINCH in bwrap's process group, not here, so the
relay polls the size (a cheap ioctl) and passes changes on.

Usage: python3 -I -S -B shell_relay.py MARKER SHELL [ARGS...]
MARKER is written once the relay is ready, before any shell output (the server waits for it).
"""

import errno
import fcntl
import os
import pty
import select
import sys
import termios
import tty

POLL_SECONDS = 0.2
CHUNK = 65536
# Stop reading one side while this much is still waiting to be written to the other, so a side
# that does not read cannot make the relay grow without bound.
BACKLOG = 256 * 1024


def window_size(fd):
    try:
        return fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8)
    except OSError:
        return None


def status_code(status):
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return 1


def write_some(fd, data):
    """Writes what the descriptor takes now; returns the rest, or None once it is closed."""
    try:
        written = os.write(fd, data)
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EINTR):
            return data
        return None
    return data[written:]


def main():
    marker = sys.argv[1].encode()
    shell = sys.argv[2:]
    pid, master = pty.fork()
    if pid == 0:
        # The child has a new session with the inner terminal as its controlling terminal.
        os.execv(shell[0], shell)

    size = window_size(0)
    if size is not None:
        fcntl.ioctl(master, termios.TIOCSWINSZ, size)
    try:
        tty.setraw(0)
    except termios.error:
        pass  # not a terminal (a test driving the relay through pipes): relay bytes as they are
    for fd in (0, 1, master):
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags | os.O_NONBLOCK)

    to_shell = b""
    to_outer = marker
    outer_open = True
    shell_output_open = True
    exit_status = None
    while True:
        if exit_status is None:
            waited, status = os.waitpid(pid, os.WNOHANG)
            if waited == pid:
                exit_status = status_code(status)
        # The shell is gone and its terminal drained: deliver what is left, then end.
        if exit_status is not None and not shell_output_open:
            break
        if not outer_open:
            break

        readers = []
        if outer_open and len(to_shell) < BACKLOG:
            readers.append(0)
        if shell_output_open and len(to_outer) < BACKLOG:
            readers.append(master)
        writers = []
        if to_shell and shell_output_open:
            writers.append(master)
        if to_outer:
            writers.append(1)
        # After the shell exited, background jobs may keep the inner terminal open: stop waiting.
        timeout = 0 if exit_status is not None and not to_outer else POLL_SECONDS
        try:
            readable, writable, _ = select.select(readers, writers, [], timeout)
        except InterruptedError:
            continue
        if exit_status is not None and not readable and not to_outer:
            break

        if 0 in readable:
            try:
                data = os.read(0, CHUNK)
            except OSError as error:
                data = b"" if error.errno == errno.EIO else None
            if data == b"":
                outer_open = False  # the server closed the terminal
            elif data:
                to_shell += data
        if master in readable:
            try:
                data = os.read(master, CHUNK)
            except OSError as error:
                # EIO: every holder of the inner terminal closed it.
                data = b"" if error.errno == errno.EIO else None
            if data == b"":
                shell_output_open = False
            elif data:
                to_outer += data
        if master in writable:
            rest = write_some(master, to_shell)
            if rest is None:
                shell_output_open = False
            to_shell = rest or b""
        if 1 in writable:
            rest = write_some(1, to_outer)
            if rest is None:
                outer_open = False
            to_outer = rest or b""

        current = window_size(0)
        if current is not None and current != size:
            size = current
            fcntl.ioctl(master, termios.TIOCSWINSZ, size)

    while to_outer and outer_open:
        select.select([], [1], [], POLL_SECONDS)
        to_outer = write_some(1, to_outer)
        outer_open = to_outer is not None
    if exit_status is None:
        os.kill(pid, 9)
        exit_status = status_code(os.waitpid(pid, 0)[1])
    os._exit(exit_status)


main()
