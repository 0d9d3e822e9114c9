import { describe, expect, it } from 'vitest';
import {
  buildShellCommand,
  checkShellCommand,
  checkShellFiles,
  clampOption,
  defaultShellLimits,
  type ShellCommandInput,
  shellBounds,
  TERMINAL_READY_MARKER,
} from './session-shell-command.ts';

const input = (overrides: Partial<ShellCommandInput> = {}): ShellCommandInput => ({
  driver: 'bwrap-root',
  asRoot: true,
  uid: 71_000,
  hostRoot: '/tmp/ilm-shell-x',
  limits: defaultShellLimits,
  cgroupProcs: [],
  memoryByRlimit: true,
  binDirs: ['/usr/bin'],
  mode: { kind: 'command', command: 'echo hi', timeoutMs: 10_000 },
  ...overrides,
});

/** The environment the program starts with: the assignments after `env -i`. */
const environmentOf = (argv: string[]) => {
  const start = argv.indexOf('-i', argv.indexOf('/usr/bin/env')) + 1;
  const end = argv.indexOf('/usr/bin/nice');
  return argv.slice(start, end);
};

describe('checkShellFiles', () => {
  it('accepts relative paths and normalizes them', () => {
    expect(checkShellFiles([{ path: 'src/./a.py', content: 'x' }], defaultShellLimits)).toEqual([
      { path: 'src/a.py', content: 'x' },
    ]);
  });

  it.each(['', '/etc/passwd', '../x', 'a/../../x', '.', 'dir/', 'a\0b'])('refuses %j', (bad) => {
    expect(() => checkShellFiles([{ path: bad, content: '' }], defaultShellLimits)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('refuses duplicates and files too large for the working copy', () => {
    expect(() =>
      checkShellFiles(
        [
          { path: 'a.py', content: '' },
          { path: './a.py', content: '' },
        ],
        defaultShellLimits,
      ),
    ).toThrow(/twice/);
    const big = 'x'.repeat(defaultShellLimits.workspaceBytes / 2);
    expect(() => checkShellFiles([{ path: 'big.txt', content: big }], defaultShellLimits)).toThrow(/at most/);
  });
});

describe('checkShellCommand', () => {
  it('refuses empty commands, NUL bytes and oversized input', () => {
    expect(() => checkShellCommand('  ', '')).toThrow(/non-empty/);
    expect(() => checkShellCommand('echo a\0b', '')).toThrow(/NUL/);
    expect(() => checkShellCommand('x'.repeat(shellBounds.commandBytes + 1), '')).toThrow(/longer/);
    expect(() => checkShellCommand('cat', 'x'.repeat(shellBounds.stdinBytes + 1))).toThrow(/stdin/);
    expect(() => checkShellCommand('echo fine', 'input')).not.toThrow();
  });
});

describe('clampOption', () => {
  it('uses the default when absent and keeps values within the bounds', () => {
    const bounds = shellBounds.commandTimeoutMs;
    expect(clampOption(undefined, bounds)).toBe(10_000);
    expect(clampOption(Number.NaN, bounds)).toBe(10_000);
    expect(clampOption(60_000, bounds)).toBe(30_000);
    expect(clampOption(1, bounds)).toBe(100);
    expect(clampOption(2_500, bounds)).toBe(2_500);
  });
});

describe('buildShellCommand', () => {
  it('runs a command behind bwrap and the uid drop, with a clean environment and a backstop timeout', () => {
    const argv = buildShellCommand(input());
    const bwrap = argv.indexOf('/usr/bin/bwrap');
    const program = argv.indexOf('/usr/bin/env');
    expect(bwrap).toBeGreaterThan(-1);
    expect(program).toBeGreaterThan(bwrap);
    // Without a user namespace the uid drop happens inside bwrap, before the program.
    expect(argv.slice(bwrap, program)).toContain('--reuid=71000');
    expect(argv).toContain('--unshare-net');
    expect(argv).toContain('--nproc=128');
    expect(environmentOf(argv)).toEqual(['PATH=/usr/bin:/usr/local/bin:/bin', 'HOME=/tmp', 'LANG=C.UTF-8']);
    expect(argv.slice(-7)).toEqual(['/usr/bin/timeout', '-s', 'KILL', '12', '/bin/sh', '-c', 'echo hi']);
    expect(argv.slice(argv.indexOf('boot') + 1, argv.indexOf('boot') + 3)).toEqual([
      '/sandbox/files',
      '/tmp/workspace',
    ]);
  });

  it('runs the interactive shell behind the relay, with TERM set', () => {
    const argv = buildShellCommand(
      input({
        driver: 'bwrap-userns',
        mode: { kind: 'terminal', python: '/usr/bin/python3', shell: '/bin/bash' },
      }),
    );
    expect(environmentOf(argv)).toContain('TERM=xterm-256color');
    expect(argv.slice(-10)).toEqual([
      '/usr/bin/python3',
      '-I',
      '-S',
      '-B',
      '/sandbox/shell_relay.py',
      TERMINAL_READY_MARKER,
      '/bin/bash',
      '--noprofile',
      '--norc',
      '-i',
    ]);
  });

  it('uses host paths under its own directory for the unsafe driver', () => {
    const argv = buildShellCommand(input({ driver: 'unsafe' }));
    expect(argv).not.toContain('/usr/bin/bwrap');
    const boot = argv.indexOf('boot');
    expect(argv.slice(boot + 1, boot + 3)).toEqual([
      '/tmp/ilm-shell-x/seed/files',
      '/tmp/ilm-shell-x/home/workspace',
    ]);
    expect(environmentOf(argv)).toContain('HOME=/tmp/ilm-shell-x/home');
  });
});

describe('tmpfs permissions', () => {
  it('makes /tmp and /dev/shm writable for the dropped uid under bwrap-root, and nothing else', () => {
    const argv = buildShellCommand(
      input({ mode: { kind: 'command', command: '--tmpfs /tmp', timeoutMs: 1_000 } }),
    );
    const program = argv.slice(argv.indexOf('--', argv.indexOf('/usr/bin/bwrap')));
    for (const mount of ['/tmp', '/dev/shm']) {
      const at = argv.indexOf(mount, argv.indexOf('/usr/bin/bwrap'));
      expect(argv[at - 1]).toBe('--tmpfs');
      expect(argv.slice(at - 5, at - 1)).toContain('1777');
    }
    // The program's own arguments are untouched, even when they look like bwrap options.
    expect(program.at(-1)).toBe('--tmpfs /tmp');
    expect(argv.filter((arg) => arg === '1777')).toHaveLength(2);
  });
});
