/**
 * Fault: scratch space runs out where candidate code runs. Two places hold it:
 *
 * - the run's own `/tmp` inside the sandbox, a tmpfs of 16 MB per run (`limits.ts`): the
 *   candidate's program fills it. The run answers with the program's own "No space left on
 *   device" in every test's error; the next run has a fresh, empty `/tmp`.
 * - the host's scratch directory (`TMPDIR`, where the sandbox keeps the harness and the terminal
 *   and the assistant's commands get their working copy): here a small tmpfs mounted by the test
 *   and filled up. Test runs do not write there (pre-started sandboxes get the program over a
 *   pipe into their own tmpfs), so they go on working; the terminal cannot prepare its working
 *   copy and says so; once space is freed the terminal works again, without a restart.
 *
 * In both cases the platform stays healthy and every run is recorded.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { testRuns } from '../../src/platform/db/schema/index.ts';
import { type InterviewPlatform, startInterviewPlatform } from '../interview/support.ts';
import { attempt, createCandidateSession, reportRecovery, since, waitFor } from './support.ts';

/** The small scratch directory; mounting needs root and a kernel that allows tmpfs mounts here. */
const scratch = mkdtempSync('/tmp/ilm-scratch-');
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=1777', 'tmpfs', scratch], { stdio: 'ignore' });
  mounted = true;
} catch (error) {
  // Without the mount only the first test (the sandbox's own quota) can run.
  console.warn(`[fault] host scratch full: SKIPPED, cannot mount a tmpfs here (needs root): ${error}`);
}
const originalTmpdir = process.env.TMPDIR;
let env: InterviewPlatform;
let session: Awaited<ReturnType<typeof createCandidateSession>>;

beforeAll(async () => {
  // This test file runs in a process of its own (vitest forks): only it sees this TMPDIR.
  if (mounted) process.env.TMPDIR = scratch;
  env = await startInterviewPlatform({ env: { SANDBOX_CONCURRENCY: '1' } });
  session = await createCandidateSession(env.platform.database.db);
}, 60_000);

afterAll(async () => {
  await env?.stop();
  if (originalTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = originalTmpdir;
  if (mounted) execFileSync('umount', ['-l', scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

const mainFile = () => session.question.starterFiles[0]?.path ?? 'solution.py';
const write = (content: string) =>
  attempt(`${env.url}/api/interview/${session.sessionId}/file`, {
    method: 'PUT',
    headers: session.auth,
    body: { path: mainFile(), content },
  });
async function run() {
  const outcome = await attempt(`${env.url}/api/interview/${session.sessionId}/run`, {
    method: 'POST',
    headers: session.auth,
    timeoutMs: 30_000,
  });
  expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
  return outcome.body as {
    status: string;
    passed: number;
    total: number;
    tests: Array<{ passed: boolean; error: string | null }>;
  };
}
async function expectHealthy() {
  const health = await attempt(`${env.url}/api/health`);
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({ status: 'healthy', checks: { sandbox: { ok: true, active: 0 } } });
}
const runCount = async () =>
  (await env.platform.database.db.select().from(testRuns).where(eq(testRuns.sessionId, session.sessionId)))
    .length;

it("answers a run that fills the sandbox's /tmp with the program's own ENOSPC, and the next run has space again", async () => {
  const before = await runCount();
  // Three files of 6 MB: each under the 8 MB file limit, together over the 16 MB tmpfs.
  const filler = [
    'for part in range(3):',
    "    with open(f'/tmp/fill-{part}', 'wb') as out:",
    "        out.write(b'0' * (6 << 20))",
    '',
  ].join('\n');
  expect((await write(`${filler}${session.question.referenceSolution}`)).status).toBe(200);
  const full = await run();
  // (a) The candidate sees why: every test failed with the program's own error.
  expect(full.status).toBe('runtime_error');
  expect(full.passed).toBe(0);
  for (const test of full.tests) expect(test.error).toContain('No space left on device');
  await expectHealthy();

  // (b) Space is back at once: the next run gets a fresh /tmp.
  const fixedAt = performance.now();
  expect((await write(session.question.referenceSolution)).status).toBe(200);
  const fine = await run();
  expect(fine).toMatchObject({ status: 'ok', passed: fine.total });
  reportRecovery('sandbox /tmp full', 'next run passing', since(fixedAt));
  // (c) Both runs recorded.
  expect((await runCount()) - before).toBe(2);
});

/** Opens the terminal; resolves with what it printed for `command`, or the error it sent. */
async function terminal(command: string): Promise<{ output: string; error?: string; closeCode?: number }> {
  const url = `${env.url.replace('http', 'ws')}/api/interview/${session.sessionId}/terminal`;
  const socket = new WebSocket(url, ['interviewlm', session.credential]);
  let output = '';
  let error: string | undefined;
  let closeCode: number | undefined;
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as { type: string; data?: string; message?: string };
    if (message.type === 'output') output += message.data ?? '';
    if (message.type === 'error') error = message.message;
  });
  socket.on('close', (code) => {
    closeCode = code;
  });
  await new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('error', reject);
  });
  socket.send(JSON.stringify({ type: 'input', data: command }));
  await waitFor(
    () => (closeCode !== undefined || output.includes('scratch-ok') ? true : undefined),
    'the terminal to answer or close',
    15_000,
  );
  socket.close();
  return { output, ...(error ? { error } : {}), ...(closeCode !== undefined ? { closeCode } : {}) };
}

it.skipIf(!mounted)(
  "keeps test runs working when the host's scratch directory is full; the terminal says it cannot start until space is freed",
  async () => {
    const before = await runCount();
    const filler = path.join(scratch, 'filler');
    try {
      // Fill the scratch tmpfs to the last byte (a write past its size fails with ENOSPC).
      writeFileSync(filler, Buffer.alloc(16 << 20));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    expect(execFileSync('df', ['--output=avail', scratch]).toString()).toMatch(/\n\s*0\s*$/);

    // Test runs keep working: nothing of a run goes through the host's scratch directory.
    expect((await write(session.question.referenceSolution)).status).toBe(200);
    expect(await run()).toMatchObject({ status: 'ok', failed: 0 });
    await expectHealthy();

    // (a) The terminal needs a working copy there: it tells the candidate, and closes cleanly.
    const refused = await terminal('echo scratch-ok\n');
    expect(refused.error).toBe('The terminal could not start; try again in a moment');
    expect(refused.closeCode).toBe(1011);
    await expectHealthy();

    // (b) Space freed: the terminal works again in the same process.
    rmSync(filler);
    const freedAt = performance.now();
    const opened = await terminal('echo scratch-ok\n');
    expect(opened.error).toBeUndefined();
    expect(opened.output).toContain('scratch-ok');
    reportRecovery('host scratch full', 'terminal working again after space was freed', since(freedAt));
    expect(since(freedAt)).toBeLessThan(15_000);
    // (c) The run during the fault was recorded; the workspace file is intact.
    expect((await runCount()) - before).toBe(1);
    const files = await attempt(`${env.url}/api/interview/${session.sessionId}/files`, {
      headers: session.auth,
    });
    expect(files.body).toMatchObject({
      files: [{ path: mainFile(), size: Buffer.byteLength(session.question.referenceSolution) }],
    });
  },
);
