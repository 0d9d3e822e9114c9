/** Sandboxed code execution: the sandbox, the execution service, the queue processor, the contracts, the session shell. */
export { createCodeExecutionProcessor } from './code-execution.worker.ts';
export { valuesMatch } from './compare.ts';
export {
  createExecutionService,
  type ExecutionBackend,
  type ExecutionService,
  type RunContext,
} from './execution.service.ts';
export { probeSandbox, type SandboxEnvironment } from './probe.driver.ts';
export {
  type JsonValue,
  type Language,
  type RunRequest,
  RunRequestSchema,
  type RunResult,
  RunResultSchema,
  type TestCase,
  TestCaseSchema,
  type TestResult,
} from './sandbox.schema.ts';
export { createSandbox, type Sandbox, type SandboxInfo, type SandboxSettings } from './sandbox.service.ts';
export {
  createSessionShell,
  type OpenTerminalOptions,
  type SessionShell,
  type SessionShellInfo,
  type SessionShellSettings,
  type ShellCommandOptions,
  type ShellCommandResult,
  type TerminalExit,
  type TerminalExitReason,
  type TerminalHandle,
} from './session-shell.service.ts';
export { defaultShellLimits, type ShellFile, type ShellLimits } from './session-shell-command.ts';
export { redactForCandidate } from './verdict.ts';
