/**
 * The assistant's tools: what the model is told about each one, and the executor that checks a
 * tool call's input, runs it through the `AssistantWorkspace` port and turns the outcome into a
 * short text for the model. A tool call never throws: bad input, a missing file or a refused path
 * become an error result the model can read and correct. Pure (the port does the I/O).
 */
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { AssistantWorkspace } from './assistant.ports.ts';
import type { AssistantToolName } from './assistant-policy.ts';

/** A tool as the model sees it (structurally an `LlmTool` of the LLM platform). */
export interface AssistantToolDefinition {
  name: AssistantToolName;
  description: string;
  inputSchema: { type: 'object'; properties: Record<string, unknown>; required: string[] };
}

/** One tool call of the model. `input` is whatever the model produced (a string when it was not JSON). */
export interface AssistantToolCall {
  id: string;
  name: string;
  input: unknown;
}

/** The outcome of one tool call. `content` goes back to the model; its first line is the `summary`. */
export interface AssistantToolOutcome {
  ok: boolean;
  content: string;
  summary: string;
  /** Seq of the file event a write produced (write_file, edit_file). */
  fileEventSeq?: number;
}

const pathProperty = {
  type: 'string',
  description: 'Path of the file relative to the workspace root, e.g. "solution.py"',
};

/** Every tool, in the order they are offered. */
export const assistantToolDefinitions: readonly AssistantToolDefinition[] = [
  {
    name: 'list_files',
    description: "Lists the files of the candidate's workspace with their sizes in bytes.",
    inputSchema: { type: 'object', properties: {}, required: [] },
  },
  {
    name: 'read_file',
    description: "Reads one file of the candidate's workspace. Large files are cut off after about 20 KB.",
    inputSchema: { type: 'object', properties: { path: pathProperty }, required: ['path'] },
  },
  {
    name: 'write_file',
    description:
      "Creates a file or replaces its whole content in the candidate's workspace. Send the complete new content; prefer edit_file for small changes.",
    inputSchema: {
      type: 'object',
      properties: {
        path: pathProperty,
        content: { type: 'string', description: 'The complete new content of the file' },
      },
      required: ['path', 'content'],
    },
  },
  {
    name: 'edit_file',
    description:
      'Replaces one exact snippet of a file with new text. old_text must occur exactly once in the file (copy it from read_file, including indentation); include more surrounding lines when it is not unique.',
    inputSchema: {
      type: 'object',
      properties: {
        path: pathProperty,
        old_text: { type: 'string', description: 'The exact text to replace; it must occur exactly once' },
        new_text: { type: 'string', description: 'The replacement text' },
      },
      required: ['path', 'old_text', 'new_text'],
    },
  },
  {
    name: 'run_tests',
    description:
      "Runs the question's visible tests against the current files, like the candidate's Run tests button, and reports each test's result.",
    inputSchema: { type: 'object', properties: {}, required: [] },
  },
  {
    name: 'run_command',
    description:
      "Runs a shell command in the session's sandbox on a copy of the workspace files (no network, time-limited; changes to files are not kept).",
    inputSchema: {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'The shell command, e.g. "python3 solution.py"' },
      },
      required: ['command'],
    },
  },
];

/** The definitions of the named tools, in the order of `assistantToolDefinitions`. */
export function toolDefinitionsFor(names: readonly AssistantToolName[]): AssistantToolDefinition[] {
  return assistantToolDefinitions.filter((tool) => names.includes(tool.name));
}

const PathSchema = z.string().min(1, 'is empty').max(500, 'is longer than 500 characters');

// Extra keys are tolerated (models add them); missing or mistyped ones are not.
const inputSchemas = {
  list_files: z.object({}),
  read_file: z.object({ path: PathSchema }),
  write_file: z.object({ path: PathSchema, content: z.string() }),
  edit_file: z.object({
    path: PathSchema,
    old_text: z.string().min(1, 'is empty; copy the exact text to replace from the file'),
    new_text: z.string(),
  }),
  run_tests: z.object({}),
  run_command: z.object({ command: z.string().trim().min(1, 'is empty').max(4_000, 'is too long') }),
} satisfies Record<AssistantToolName, z.ZodType>;

/** Cuts `text` to `max` characters, saying how much was left out. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… [truncated: ${text.length - max} more characters]`;
}

/** A copy of `value` whose long strings are cut to `maxString` characters (for event payloads and displays). */
export function truncateStrings(value: unknown, maxString = 2_000, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.length > maxString
      ? `${value.slice(0, maxString)}… [${value.length - maxString} more]`
      : value;
  }
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value))
    return value.slice(0, 100).map((item) => truncateStrings(item, maxString, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, truncateStrings(item, maxString, depth + 1)]),
  );
}

/** The first line of a tool result, shown to the candidate and stored on the timeline. */
export function summaryOf(content: string): string {
  const first = content.split('\n', 1)[0] ?? '';
  return first.length > 200 ? `${first.slice(0, 199)}…` : first;
}

function failure(content: string): AssistantToolOutcome {
  return { ok: false, content, summary: summaryOf(content) };
}

function success(content: string, fileEventSeq?: number): AssistantToolOutcome {
  return {
    ok: true,
    content,
    summary: summaryOf(content),
    ...(fileEventSeq !== undefined ? { fileEventSeq } : {}),
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function countOccurrences(text: string, snippet: string): number {
  let count = 0;
  for (let at = text.indexOf(snippet); at !== -1; at = text.indexOf(snippet, at + snippet.length)) count += 1;
  return count;
}

function describeInputProblem(name: string, error: z.ZodError): string {
  const problems = error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'} ${issue.message}`)
    .join('; ');
  return `Invalid input for ${name}: ${problems}. Call the tool again with valid JSON input that matches its schema.`;
}

/** Options of `executeAssistantTool`. */
export interface ToolExecutionOptions {
  workspace: AssistantWorkspace;
  sessionId: string;
  /** The tools the session's policy allows; anything else is refused. */
  allowed: readonly AssistantToolName[];
  /** Longest result sent back to the model, in characters. */
  maxResultChars: number;
  /** Told about failures that are not the model's or the candidate's doing (a bug, an outage), for the log. */
  onUnexpectedError?: (error: unknown, call: AssistantToolCall) => void;
}

async function run(
  name: AssistantToolName,
  input: unknown,
  options: ToolExecutionOptions,
): Promise<AssistantToolOutcome> {
  const { workspace, sessionId, maxResultChars } = options;
  switch (name) {
    case 'list_files': {
      const files = await workspace.listFiles(sessionId);
      const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
      const lines = sorted.map((file) => `${file.path} (${plural(file.size, 'byte')})`);
      return success(
        truncateText(
          [`${plural(files.length, 'file')} in the workspace`, ...lines].join('\n'),
          maxResultChars,
        ),
      );
    }
    case 'read_file': {
      const { path } = inputSchemas.read_file.parse(input);
      const content = await workspace.readFile(sessionId, path);
      const lineCount = content === '' ? 0 : content.split('\n').length;
      return success(`${path} (${plural(lineCount, 'line')}):\n${truncateText(content, maxResultChars)}`);
    }
    case 'write_file': {
      const { path, content } = inputSchemas.write_file.parse(input);
      const { seq } = await workspace.writeFile(sessionId, path, content);
      return success(`Wrote ${path} (${plural(new TextEncoder().encode(content).length, 'byte')})`, seq);
    }
    case 'edit_file': {
      const { path, old_text, new_text } = inputSchemas.edit_file.parse(input);
      const current = await workspace.readFile(sessionId, path);
      const found = countOccurrences(current, old_text);
      if (found === 0) {
        return failure(
          `old_text was not found in ${path}; read the file and copy the exact text to replace, including whitespace`,
        );
      }
      if (found > 1) {
        return failure(
          `old_text occurs ${found} times in ${path}; include more surrounding lines so that it matches exactly once`,
        );
      }
      const at = current.indexOf(old_text);
      const next = current.slice(0, at) + new_text + current.slice(at + old_text.length);
      const { seq } = await workspace.writeFile(sessionId, path, next);
      return success(`Edited ${path}: replaced ${plural(old_text.split('\n').length, 'line')}`, seq);
    }
    case 'run_tests': {
      const result = await workspace.runVisibleTests(sessionId);
      const lines = result.tests.map((test) => {
        const detail = test.passed ? '' : `: ${test.error ?? `returned ${test.output}`}`;
        return `${test.passed ? 'PASS' : 'FAIL'} ${test.testName} (${Math.round(test.duration)} ms)${detail}`;
      });
      const half = Math.floor(maxResultChars / 4);
      const parts = [
        `${result.passed} of ${plural(result.total, 'visible test')} passed (status: ${result.status})`,
        ...lines,
      ];
      if (result.stdout) parts.push(`stdout:\n${truncateText(result.stdout, half)}`);
      if (result.stderr) parts.push(`stderr:\n${truncateText(result.stderr, half)}`);
      return success(truncateText(parts.join('\n'), maxResultChars));
    }
    case 'run_command': {
      const { command } = inputSchemas.run_command.parse(input);
      const result = await workspace.runCommand(sessionId, command);
      const head = result.timedOut
        ? 'The command timed out and was stopped'
        : `The command exited with code ${result.exitCode ?? 'none (killed by a signal)'}`;
      const half = Math.floor(maxResultChars / 2);
      const parts = [head];
      parts.push(result.stdout ? `stdout:\n${truncateText(result.stdout, half)}` : 'stdout: (empty)');
      parts.push(result.stderr ? `stderr:\n${truncateText(result.stderr, half)}` : 'stderr: (empty)');
      // A failing command is a result the model reads, not a failure of the tool.
      return success(parts.join('\n'));
    }
  }
}

function isToolName(name: string): name is AssistantToolName {
  return Object.hasOwn(inputSchemas, name);
}

/** Runs one tool call of the model; never throws (every failure is a result with `ok: false`). */
export async function executeAssistantTool(
  call: AssistantToolCall,
  options: ToolExecutionOptions,
): Promise<AssistantToolOutcome> {
  if (!isToolName(call.name)) {
    return failure(`Unknown tool ${call.name.slice(0, 100)}; use one of the tools you were given`);
  }
  if (!options.allowed.includes(call.name)) {
    const readOnly = !options.allowed.includes('write_file');
    return failure(
      `The tool ${call.name} is not available in this assessment${readOnly ? ': the assistant may read files and run tests, but not change files' : ''}. Suggest the change to the candidate instead.`,
    );
  }
  const parsed = inputSchemas[call.name].safeParse(call.input);
  if (!parsed.success) return failure(describeInputProblem(call.name, parsed.error));
  try {
    return await run(call.name, parsed.data, options);
  } catch (error) {
    // Not-found files, refused paths and sizes are AppErrors whose messages are meant for a reader.
    if (error instanceof AppError && error.status < 500)
      return failure(`${call.name} failed: ${error.message}`);
    options.onUnexpectedError?.(error, call);
    return failure(
      `${call.name} failed because of a problem on the server; try again or continue without it`,
    );
  }
}
