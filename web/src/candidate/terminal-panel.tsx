/**
 * The terminal: xterm.js over the session's WebSocket (subprotocols `interviewlm` + credential).
 * It connects when first shown, fits its box (and tells the server the new size), and offers a
 * reconnect button after the shell exits or the connection drops. The shell works on a copy of the
 * files taken when it connects (the server never syncs it back: every change to the workspace must
 * be recorded), so "Restart with current files" gives a fresh copy.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useCallback, useEffect, useRef, useState } from 'react';

/** Props of `TerminalPanel`. */
export interface TerminalPanelProps {
  /** The WebSocket URL and subprotocols; null when the session is not writable. */
  connection: () => { url: string; protocols: string[] } | null;
  /** False while the panel is hidden (the terminal is fitted when it becomes visible). */
  visible: boolean;
  /** Runs before each connection (save pending edits so the shell's copy is current). */
  prepare?: () => Promise<unknown>;
}

type TerminalStatus =
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'closed'; message: string }
  | { kind: 'error'; message: string };

/** Server → browser frames. */
type ServerFrame =
  | { type: 'output'; data: string }
  | { type: 'exit'; reason?: string; exitCode?: number | null }
  | { type: 'error'; message: string };

function describeClose(code: number, reason: string): string {
  if (code === 4000) return 'This terminal was opened in another window.';
  if (code === 1000 && reason) return `The shell ended (${reason.replace(/_/g, ' ')}).`;
  if (code === 1011) return 'The terminal could not start.';
  return 'The connection to the terminal was lost.';
}

/** The terminal panel. */
export function TerminalPanel({ connection, visible, prepare }: TerminalPanelProps) {
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);
  const fit = useRef<FitAddon | null>(null);
  const socket = useRef<WebSocket | null>(null);
  const [status, setStatus] = useState<TerminalStatus>({ kind: 'connecting' });
  const [started, setStarted] = useState(false);
  const connectionRef = useRef(connection);
  connectionRef.current = connection;
  const prepareRef = useRef(prepare);
  prepareRef.current = prepare;

  const sendResize = useCallback(() => {
    const term = terminal.current;
    const ws = socket.current;
    if (!term || !ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify({ type: 'resize', cols: Math.max(10, term.cols), rows: Math.max(5, term.rows) }));
  }, []);

  const connect = useCallback(async () => {
    const term = terminal.current;
    if (!term) return;
    const previous = socket.current;
    socket.current = null;
    previous?.close();
    setStatus({ kind: 'connecting' });
    try {
      await prepareRef.current?.();
    } catch {
      // Saving failed (offline): connect anyway with what the server has.
    }
    const target = connectionRef.current();
    if (!target) {
      setStatus({ kind: 'error', message: 'The terminal is not available for this interview now.' });
      return;
    }
    term.write('\r\n\x1b[2mConnecting…\x1b[0m\r\n');
    let ws: WebSocket;
    try {
      ws = new WebSocket(target.url, target.protocols);
    } catch {
      setStatus({ kind: 'error', message: 'The terminal could not connect.' });
      return;
    }
    socket.current = ws;
    let errored = false;
    ws.onopen = () => {
      setStatus({ kind: 'open' });
      fit.current?.fit();
      sendResize();
      term.focus();
    };
    ws.onmessage = (message) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(message.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'output') term.write(frame.data);
      else if (frame.type === 'error') {
        errored = true;
        term.write(`\r\n\x1b[31m${frame.message}\x1b[0m\r\n`);
        setStatus({ kind: 'error', message: frame.message });
      } else if (frame.type === 'exit') {
        term.write(
          `\r\n\x1b[2m[shell exited${frame.reason ? `: ${frame.reason.replace(/_/g, ' ')}` : ''}]\x1b[0m\r\n`,
        );
      }
    };
    ws.onclose = (event) => {
      if (socket.current !== ws) return;
      socket.current = null;
      if (!errored) setStatus({ kind: 'closed', message: describeClose(event.code, event.reason) });
    };
  }, [sendResize]);

  // Create the terminal the first time the panel is shown.
  useEffect(() => {
    if (!visible || started || !host.current) return;
    const term = new Terminal({
      cursorBlink: true,
      fontSize: 13,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      screenReaderMode: false,
      scrollback: 2000,
      theme: { background: '#111827', foreground: '#e5e7eb' },
    });
    const fitAddon = new FitAddon();
    term.loadAddon(fitAddon);
    term.open(host.current);
    terminal.current = term;
    fit.current = fitAddon;
    term.onData((data) => {
      const ws = socket.current;
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'input', data }));
    });
    term.onResize(() => sendResize());
    setStarted(true);
    void connect();
  }, [visible, started, connect, sendResize]);

  // Fit on show and on every size change of the box.
  useEffect(() => {
    if (!visible || !host.current) return;
    const refit = () => {
      try {
        fit.current?.fit();
      } catch {
        // The box is not laid out yet.
      }
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(host.current);
    return () => observer.disconnect();
  }, [visible]);

  // Close everything on unmount.
  useEffect(
    () => () => {
      const ws = socket.current;
      socket.current = null;
      ws?.close();
      terminal.current?.dispose();
      terminal.current = null;
    },
    [],
  );

  const statusText =
    status.kind === 'connecting' ? 'Connecting…' : status.kind === 'open' ? 'Connected' : status.message;

  return (
    <div className="ilm-terminal">
      <div className="ilm-terminal-bar">
        <span role="status" aria-live="polite" className={`ilm-terminal-status ilm-terminal-${status.kind}`}>
          Terminal: {statusText}
        </span>
        {status.kind === 'open' ? (
          <button
            type="button"
            className="ilm-button ilm-button-small"
            onClick={() => void connect()}
            title="Start a new shell with a fresh copy of your saved files"
          >
            Restart with current files
          </button>
        ) : status.kind !== 'connecting' ? (
          <button type="button" className="ilm-button ilm-button-small" onClick={() => void connect()}>
            Reconnect
          </button>
        ) : null}
        <span className="ilm-terminal-hint">
          A shell with a copy of your saved files, taken when it connects. Nothing written here changes your
          workspace files.
        </span>
      </div>
      <div ref={host} className="ilm-terminal-host" />
    </div>
  );
}
