/** Sandboxed code execution: the sandbox, the execution service, the queue processor, the contracts. */
export { createCodeExecutionProcessor } from './code-execution.worker.ts';
export { valuesMatch } from './compare.ts';
export {
  createExecutionService,
  type ExecutionBackend,
  type ExecutionService,
  type RunContext,
} from './execution.service.ts';
export {
  type Language,
  type RunRequest,
  RunRequestSchema,
  type RunResult,
  type TestCase,
  TestCaseSchema,
  type TestResult,
} from './sandbox.schema.ts';
export { createSandbox, type Sandbox, type SandboxInfo, type SandboxSettings } from './sandbox.service.ts';
export { redactForCandidate } from './verdict.ts';
