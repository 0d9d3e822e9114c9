import { describe, expect, it } from 'vitest';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import type { AssistantWorkspace } from './assistant.ports.ts';
import { defaultAssistantLimits, resolveAssistantLimits, toolNamesForPolicy } from './assistant-policy.ts';
import { executeAssistantTool, toolDefinitionsFor, truncateText } from './assistant-tools.ts';

const SESSION = 'session-1';

/** A workspace over a map of files; other operations answer fixed results. */
function workspaceWith(files: Record<string, string>, failures: { write?: unknown } = {}) {
  const store = new Map(Object.entries(files));
  const writes: Array<{ path: string; content: string }> = [];
  const workspace: AssistantWorkspace = {
    listFiles: async () => [...store].map(([path, content]) => ({ path, size: content.length })),
    readFile: async (_session, path) => {
      const content = store.get(path);
      if (content === undefined) throw new NotFoundError(`The file ${path}`);
      return content;
    },
    writeFile: async (_session, path, content) => {
      if (failures.write) throw failures.write;
      store.set(path, content);
      writes.push({ path, content });
      return { seq: writes.length + 100 };
    },
    runVisibleTests: async () => ({
      runId: 'run-1',
      status: 'ok',
      passed: 1,
      failed: 1,
      total: 2,
      tests: [
        { testName: 'two', passed: true, output: '2', error: null, duration: 1.2 },
        { testName: 'three', passed: false, output: '4', error: null, duration: 0.8 },
      ],
      stdout: 'printed',
      stderr: '',
    }),
    runCommand: async () => ({ exitCode: 1, stdout: 'o'.repeat(50), stderr: 'boom', timedOut: false }),
    recordEvents: async (_session, events) => events.map((_, index) => index + 1),
  };
  return { workspace, store, writes };
}

const all = toolNamesForPolicy('pair_programming');

function run(
  workspace: AssistantWorkspace,
  name: string,
  input: unknown,
  allowed = all,
  maxResultChars = 20_000,
) {
  return executeAssistantTool(
    { id: 'call-1', name, input },
    { workspace, sessionId: SESSION, allowed, maxResultChars },
  );
}

describe('assistant tools', () => {
  it('gives each policy its tools: consultants never write, off gets none', () => {
    expect(toolNamesForPolicy('off')).toEqual([]);
    expect(toolNamesForPolicy('consultant')).toEqual(['list_files', 'read_file', 'run_tests', 'run_command']);
    expect(toolNamesForPolicy('pair_programming')).toEqual(toolNamesForPolicy('full_copilot'));
    expect(toolDefinitionsFor(toolNamesForPolicy('pair_programming')).map((tool) => tool.name)).toEqual([
      'list_files',
      'read_file',
      'write_file',
      'edit_file',
      'run_tests',
      'run_command',
    ]);
  });

  it('edits a unique snippet and refuses a missing or repeated one', async () => {
    const { workspace, store } = workspaceWith({ 'a.py': 'x = 1\ny = 1\nx = 1\n' });
    const edited = await run(workspace, 'edit_file', { path: 'a.py', old_text: 'y = 1', new_text: 'y = 2' });
    expect(edited).toMatchObject({ ok: true, fileEventSeq: 101, summary: 'Edited a.py: replaced 1 line' });
    expect(store.get('a.py')).toBe('x = 1\ny = 2\nx = 1\n');

    const repeated = await run(workspace, 'edit_file', {
      path: 'a.py',
      old_text: 'x = 1',
      new_text: 'x = 3',
    });
    expect(repeated.ok).toBe(false);
    expect(repeated.content).toContain('occurs 2 times');
    const missing = await run(workspace, 'edit_file', { path: 'a.py', old_text: 'z = 9', new_text: '' });
    expect(missing.ok).toBe(false);
    expect(missing.content).toContain('was not found');
    expect(store.get('a.py')).toBe('x = 1\ny = 2\nx = 1\n');
  });

  it('answers bad input, unknown and disallowed tools with an error result instead of throwing', async () => {
    const { workspace, writes } = workspaceWith({});
    const bad = await run(workspace, 'write_file', { path: 'a.py' });
    expect(bad).toMatchObject({ ok: false });
    expect(bad.content).toMatch(/^Invalid input for write_file: content/);
    const notJson = await run(workspace, 'read_file', '{"path": "a.p');
    expect(notJson.ok).toBe(false);
    const unknown = await run(workspace, 'delete_everything', {});
    expect(unknown.content).toContain('Unknown tool delete_everything');
    const refused = await run(
      workspace,
      'write_file',
      { path: 'a.py', content: 'x' },
      toolNamesForPolicy('consultant'),
    );
    expect(refused.ok).toBe(false);
    expect(refused.content).toContain('not available in this assessment');
    expect(writes).toEqual([]);
  });

  it('reports a missing file and a refused path with their messages, and hides unexpected failures', async () => {
    const refusal = new AppError('VALIDATION_FAILED', 'The file path "../x" must not contain ".."');
    const { workspace } = workspaceWith({}, { write: refusal });
    expect((await run(workspace, 'read_file', { path: 'nope.py' })).content).toBe(
      'read_file failed: The file nope.py was not found',
    );
    expect((await run(workspace, 'write_file', { path: '../x', content: '' })).content).toContain(
      'must not contain ".."',
    );
    const broken = workspaceWith({}, { write: new Error('connection string postgres://secret') });
    const seen: unknown[] = [];
    const outcome = await executeAssistantTool(
      { id: 'c', name: 'write_file', input: { path: 'a.py', content: '' } },
      {
        workspace: broken.workspace,
        sessionId: SESSION,
        allowed: all,
        maxResultChars: 1_000,
        onUnexpectedError: (error) => seen.push(error),
      },
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.content).not.toContain('postgres');
    expect(seen).toHaveLength(1);
  });

  it('truncates large results and starts every result with its summary line', async () => {
    const { workspace } = workspaceWith({ 'big.txt': 'a'.repeat(30_000) });
    const read = await run(workspace, 'read_file', { path: 'big.txt' }, all, 20_000);
    expect(read.content.length).toBeLessThan(20_200);
    expect(read.content).toContain('[truncated: 10000 more characters]');
    expect(read.summary).toBe('big.txt (1 line):');
    const tests = await run(workspace, 'run_tests', {});
    expect(tests.summary).toBe('1 of 2 visible tests passed (status: ok)');
    expect(tests.content).toContain('FAIL three (1 ms): returned 4');
    const command = await run(workspace, 'run_command', { command: 'python3 a.py' });
    expect(command).toMatchObject({ ok: true, summary: 'The command exited with code 1' });
    expect(command.content).toContain('stderr:\nboom');
    expect(truncateText('abc', 3)).toBe('abc');
  });

  it('resolves limit overrides and refuses nonsense', () => {
    expect(resolveAssistantLimits({ toolCallsPerTurn: 2 })).toEqual({
      ...defaultAssistantLimits,
      toolCallsPerTurn: 2,
    });
    expect(() => resolveAssistantLimits({ messagesPerQuestion: 0 })).toThrow(/positive integer/);
  });
});
