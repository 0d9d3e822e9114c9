/**
 * The golden path in headless Chromium against the whole platform (real PostgreSQL, Redis, BullMQ
 * workers, the bwrap sandbox, the built web app; the LLM provider is the fake server speaking the
 * Anthropic API to the real SDK), driven through the UI the way people use it:
 *
 * 1. a recruiter signs up, creates a two-question assessment in the wizard and publishes it,
 *    invites a candidate from the invite dialog and copies the candidate's link there;
 * 2. the candidate opens the link, consents, types code into the CodeMirror editor, runs the tests
 *    and reads the per-test results, asks the AI assistant, whose tool call writes a file (the tool
 *    card in the chat, the file in the tree), and submits both questions up to the completion screen;
 * 3. the recruiter reads the evaluation on the report and scrubs the replay;
 * 4. an operator signs in and retries a dead-lettered job from the operations page's inbox.
 *
 * Each main page also passes an axe check (no serious or critical violation, test/e2e/accessibility.ts)
 * and is kept as a screenshot in test-artifacts/screenshots, with the data of this run.
 *
 * The `it` blocks run in order and hand their results to the next one (a failure stops the story).
 * Not covered here: the terminal tab (its WebSocket is tested in
 * test/interview/scripted-interview.int.test.ts), sign-in lockout and password reset, the
 * narrow-screen layouts.
 * The axe check runs in the pages' default light theme only.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformOperator } from '../../src/modules/accounts/index.ts';
import {
  auditLogs,
  candidates,
  deadLetterJobs,
  evaluations,
  interviewSessions,
  questions,
  sessionEvents,
  sessionQuestions,
  users,
  workspaceFiles,
} from '../../src/platform/db/schema/index.ts';
import { ensureWebBuild } from '../../src/platform/http/web-app.ts';
import { type InterviewPlatform, startInterviewPlatform } from '../interview/support.ts';
import { type FakeLlmServer, type FakeReply, startFakeLlmServer } from '../support/fake-llm-server.ts';
import { waitFor } from '../support/wait.ts';
import { formatViolations, seriousViolations } from './accessibility.ts';
import { launchBrowser, screenshot } from './browser.ts';

let env: InterviewPlatform;
let llm: FakeLlmServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** What one step hands to the next. */
const run = {
  assessmentTitle: `Backend engineer ${randomBytes(3).toString('hex')}`,
  candidateName: 'Ada Lovelace',
  candidateEmail: `ada-${randomBytes(4).toString('hex')}@example.test`,
  invitationLink: '',
  candidateId: '',
  sessionId: '',
  /** The first question's solution file (the one the candidate types into). */
  mainFile: '',
  /** The evaluation job asked for too early (while the interview ran): it ends in the dead-letter queue. */
  earlyJobId: '',
  /** The recruiter's console, signed in since the sign-up. */
  recruiter: undefined as Page | undefined,
};

/** The file the assistant's tool call writes. */
const HELPER_FILE = 'helpers.py';
/** A line the candidate types into the editor (found again in the replay). */
const TYPED_LINE = '# solved in the browser';

/** The evaluation agent's LLM review, as the fake model answers it. */
const review = {
  dimensions: [
    { name: 'code_quality', evidence: ['first question solved with clear code'], score: 70 },
    { name: 'problem_solving', evidence: ['ran the visible tests before submitting'], score: 68 },
    { name: 'ai_collaboration', evidence: ['one specific request to the assistant'], score: 66 },
    { name: 'communication', evidence: ['short, clear prompt'], score: 64 },
  ],
  summary: 'Solved the first question; left the second as the starter.',
};

/**
 * The fake model, reading its input like a real one: the assistant (a request with tools) first
 * calls write_file, then, once it sees the tool result, says what it did; the evaluation agent's
 * review (its system prompt) gets the JSON review. Anything else is a 400, so an unexpected LLM
 * call fails loudly instead of being answered by accident.
 */
function fakeModel(body: unknown): FakeReply {
  const request = body as {
    system?: unknown;
    tools?: unknown[];
    messages: Array<{ role: string; content: unknown }>;
  };
  if (request.tools && request.tools.length > 0) {
    const last = request.messages.at(-1);
    const sawToolResult =
      Array.isArray(last?.content) &&
      last.content.some((block: { type?: string }) => block.type === 'tool_result');
    return sawToolResult
      ? { text: `I added ${HELPER_FILE} with a helper function you can import.` }
      : {
          toolUse: {
            name: 'write_file',
            input: { path: HELPER_FILE, content: 'def helper():\n    return 42\n' },
          },
        };
  }
  if (JSON.stringify(request.system ?? '').includes('You review a technical interview')) {
    return { text: JSON.stringify(review) };
  }
  return { status: 400, message: 'fake-llm-server: this e2e run scripts no such call', retryable: false };
}

beforeAll(async () => {
  const build = await ensureWebBuild();
  if (build.status === 'unavailable') throw new Error(`the web app could not be built: ${build.reason}`);
  llm = await startFakeLlmServer();
  llm.respondWith('anthropic', fakeModel);
  env = await startInterviewPlatform({ llm });
  browser = await launchBrowser();
  // A cold build of the web app on a loaded 2-core machine can take minutes; the run itself cannot.
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await env?.stop();
  await llm?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  contexts.push(context);
  // The invite dialog's Copy button writes to the clipboard; the test reads it back.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url });
  return context.newPage();
}

/** Fails (softly: the run goes on, every page is reported) on serious or critical axe violations. */
async function checkAccessibility(page: Page, pageName: string) {
  const violations = await seriousViolations(page);
  expect.soft(violations, formatViolations(pageName, violations)).toEqual([]);
}

const db = () => env.platform.database.db;

describe('the golden path in the browser', () => {
  it('a recruiter signs up, publishes a two-question assessment from the wizard and invites a candidate', async () => {
    const page = await newPage();
    run.recruiter = page;

    // Sign up: the organization is created with the recruiter as OWNER, then the wizard opens.
    await page.goto(`${env.url}/signup`);
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await checkAccessibility(page, 'sign-up');
    await page.getByLabel('Your name').fill('Grace Recruiter');
    await page.getByLabel('Work email').fill(`grace-${randomBytes(4).toString('hex')}@example.test`);
    await page.getByLabel('Organization name').fill('Analytical Engines Ltd');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();

    // The wizard: basics, a two-question plan, the AI policy, review, then create and publish.
    await page.getByRole('heading', { name: 'New assessment' }).waitFor();
    await page.getByText('Welcome to InterviewLM').waitFor();
    await page.getByLabel('Title').fill(run.assessmentTitle);
    await page
      .getByLabel('Description')
      .fill('Solve two short problems in Python. The AI assistant may help.');
    await checkAccessibility(page, 'wizard (basics)');
    await page.getByRole('button', { name: 'Next: Questions' }).click();
    await page.getByLabel('Number of questions').fill('2');
    await checkAccessibility(page, 'wizard (questions)');
    await page.getByRole('button', { name: 'Next: AI and integrity' }).click();
    await page.getByLabel(/Pair programming/).check();
    await page.getByRole('button', { name: 'Next: Review' }).click();
    const summary = page.locator('dl.definition-list');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(run.assessmentTitle);
    expect(await summary.textContent()).toMatch(/Questions\s*2 \(/);
    await checkAccessibility(page, 'wizard (review)');
    await screenshot(page, 'wizard');
    await page.getByRole('button', { name: 'Create and publish' }).click();

    // The assessment's page: published, no candidates yet.
    await page.getByRole('heading', { name: run.assessmentTitle }).waitFor({ timeout: 30_000 });
    await page.getByText('Published', { exact: true }).first().waitFor();
    await page.getByText('No candidates yet').waitFor();
    await checkAccessibility(page, 'assessment detail');

    // Invite one person; the dialog shows the personal link with a Copy button.
    await page.getByRole('button', { name: 'Invite candidates' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite candidates' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(run.candidateName);
    await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill(run.candidateEmail);
    await checkAccessibility(page, 'invite dialog');
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
    const result = page.getByRole('dialog', { name: 'Invitations' });
    const linkField = result.getByLabel(`Invitation link for ${run.candidateName}`);
    await linkField.waitFor();
    run.invitationLink = await linkField.inputValue();
    // APP_URL defaults to the address the platform listens on, so the link opens this server.
    expect(run.invitationLink.slice(0, `${env.url}/interview/`.length)).toBe(`${env.url}/interview/`);
    // No SMTP here: the email waits in the development outbox, and the dialog says so.
    await result.getByText('In dev outbox').waitFor();
    await result.getByRole('button', { name: 'Copy' }).click();
    await result.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    expect(copied).toBe(run.invitationLink);
    await checkAccessibility(page, 'invitation result');
    await result.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('link', { name: run.candidateName }).waitFor();

    const [candidate] = await db()
      .select()
      .from(candidates)
      .where(eq(candidates.email, run.candidateEmail.toLowerCase()));
    expect(candidate).toMatchObject({ name: run.candidateName, status: 'INVITED' });
    run.candidateId = candidate?.id ?? '';
  });

  it('the candidate types code, runs the tests, gets a file from the AI assistant and submits both questions', async () => {
    expect(run.invitationLink, 'the invitation of the first step').not.toBe('');
    // The candidate: a browser of their own, opening the link from the invitation.
    const page = await newPage();
    await page.goto(run.invitationLink);
    await page.getByRole('heading', { name: run.assessmentTitle }).waitFor();
    expect(await page.textContent('body')).toContain(`Hello ${run.candidateName}`);
    await checkAccessibility(page, 'candidate intro');
    await screenshot(page, 'candidate-intro');
    const start = page.getByRole('button', { name: 'Start the interview' });
    expect(await start.isDisabled(), 'no start without consent').toBe(true);
    await page.getByLabel('I understand what is recorded and agree to start the interview.').check();
    await start.click();

    // The workspace, on question 1 of 2.
    await page.getByRole('banner').getByText('Question 1 of 2').waitFor({ timeout: 30_000 });
    const [session] = await db()
      .select()
      .from(interviewSessions)
      .where(eq(interviewSessions.candidateId, run.candidateId));
    if (!session?.currentQuestionId) throw new Error('no active session with a question');
    run.sessionId = session.id;
    // An evaluation asked for while the interview still runs fails (the session has not ended) on
    // each of its attempts and lands in the dead-letter queue, as it would after a premature
    // re-score request; the operator retries it in the last step, once the interview is over.
    run.earlyJobId = await env.platform.queues.enqueue('evaluation-agent', {
      version: 1,
      sessionId: session.id,
      scoringVersion: 'v1',
    });

    const [question] = await db().select().from(questions).where(eq(questions.id, session.currentQuestionId));
    const mainFile = question?.starterFiles[0]?.path;
    if (!question || !mainFile) throw new Error('the first question has no starter file');
    run.mainFile = mainFile;
    await page.locator('.ilm-editor-path', { hasText: mainFile }).waitFor();

    // Type the solution into CodeMirror: select all, the text goes in as typed input (insertText
    // skips the editor's auto-indent, which would re-indent a pasted block), then one line with keys.
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(question.referenceSolution.trimEnd());
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab'); // out of the function body's indentation, if any
    await page.keyboard.type(TYPED_LINE);
    expect(await editor.textContent()).toContain(TYPED_LINE);

    // Run the visible tests: each one is listed with its verdict.
    await page.getByRole('button', { name: 'Run tests', exact: true }).click();
    const results = page.locator('.ilm-test-results > li');
    await results.first().waitFor({ timeout: 30_000 });
    const verdicts = await results.locator('.ilm-test-verdict').allTextContents();
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.filter((verdict) => !verdict.includes('Passed'))).toEqual([]);
    expect(await page.locator('.ilm-results-summary').textContent()).toMatch(/pass/i);

    // The AI assistant: its tool call writes a file, shown as a card, and the file appears in the tree.
    const chatInput = page.getByLabel('Message the AI assistant');
    await chatInput.click();
    await page.keyboard.type('Please add a helper module with a helper function.');
    await page.keyboard.press('Enter');
    const conversation = page.getByRole('list', { name: 'Conversation with the AI assistant' });
    const toolCard = conversation.locator('.ilm-tool-card', { hasText: HELPER_FILE });
    await toolCard.waitFor({ timeout: 30_000 });
    expect(await toolCard.textContent()).toMatch(/write file/);
    await toolCard.getByText('done').waitFor();
    await conversation.getByText(`I added ${HELPER_FILE}`).waitFor();
    await page.getByRole('treeitem', { name: HELPER_FILE }).waitFor();
    await page.locator('.ilm-save-status', { hasText: /^Saved$/ }).waitFor();
    await checkAccessibility(page, 'workspace');
    await screenshot(page, 'workspace');

    // The server has what the candidate typed and what the assistant wrote.
    const files = await db().select().from(workspaceFiles).where(eq(workspaceFiles.sessionId, run.sessionId));
    expect(files.find((file) => file.path === mainFile)).toMatchObject({ lastModifiedBy: 'candidate' });
    expect(files.find((file) => file.path === mainFile)?.content).toContain(TYPED_LINE);
    expect(files.find((file) => file.path === HELPER_FILE)).toMatchObject({ lastModifiedBy: 'assistant' });

    // Submit question 1; question 2 opens.
    await page.getByRole('button', { name: 'Submit question' }).click();
    await page.getByRole('button', { name: 'Submit and continue' }).click();
    await page.getByRole('banner').getByText('Question 2 of 2').waitFor({ timeout: 30_000 });

    // Before the interview ends: the early evaluation job has used its attempts and is dead.
    await waitFor(
      async () => {
        const [row] = await db()
          .select()
          .from(deadLetterJobs)
          .where(and(eq(deadLetterJobs.queue, 'evaluation-agent'), eq(deadLetterJobs.jobId, run.earlyJobId)));
        return row?.status === 'dead' ? row : undefined;
      },
      'the early evaluation job in the dead-letter queue',
      30_000,
    );

    // Submit question 2 as it is: the interview ends.
    await page.getByRole('button', { name: 'Submit question' }).click();
    await page.getByRole('button', { name: 'Submit and finish' }).click();
    await page.getByRole('heading', { name: 'Your interview is complete' }).waitFor({ timeout: 30_000 });

    const served = await db()
      .select()
      .from(sessionQuestions)
      .where(eq(sessionQuestions.sessionId, run.sessionId));
    const byPosition = served.sort((a, b) => a.position - b.position).map((entry) => entry.score);
    expect(byPosition, 'the typed solution passes the hidden tests; the starter does not').toEqual([
      1,
      expect.any(Number),
    ]);
    expect(byPosition[1]).toBeLessThan(1);
  });

  it('the recruiter reads the evaluation on the report and scrubs the replay', async () => {
    const page = run.recruiter;
    if (!page || !run.sessionId) throw new Error('the earlier steps did not finish');
    const evaluation = await waitFor(
      async () => {
        const [row] = await db().select().from(evaluations).where(eq(evaluations.sessionId, run.sessionId));
        return row?.status === 'completed' ? row : undefined;
      },
      'the evaluation',
      30_000,
    );

    // From the assessment's candidate list to the report.
    await page.reload();
    await page.getByRole('link', { name: run.candidateName }).click();
    await page.getByRole('heading', { name: run.candidateName }).waitFor();
    const score = page.locator('.score-big');
    await score.waitFor({ timeout: 30_000 });
    expect(await score.textContent()).toBe(String(Math.round(evaluation.overall ?? -1)));
    const body = await page.textContent('body');
    expect(body).toContain(run.assessmentTitle);
    expect(body).toContain(review.summary);
    await checkAccessibility(page, 'report');
    await screenshot(page, 'report');

    // The replay: scrub to the start (the assistant's file does not exist yet), then to the first
    // submission (it does, and the typed line is in the solution).
    await page.getByRole('link', { name: 'Watch the replay' }).click();
    const slider = page.getByRole('slider', { name: 'Position in the session' });
    await slider.waitFor({ timeout: 30_000 });
    const events = await db()
      .select({ seq: sessionEvents.seq, type: sessionEvents.type })
      .from(sessionEvents)
      .where(eq(sessionEvents.sessionId, run.sessionId))
      .orderBy(asc(sessionEvents.seq));
    const lastSeq = events.at(-1)?.seq;
    const startedSeq = events.find((event) => event.type === 'question.started')?.seq;
    const submittedSeq = events.find((event) => event.type === 'question.submitted')?.seq;
    if (!lastSeq || !startedSeq || !submittedSeq)
      throw new Error(`unexpected events: ${JSON.stringify(events)}`);
    const fileTabs = page.getByRole('tablist', { name: 'Files at this moment' });
    const tab = (name: string) => fileTabs.getByRole('tab', { name, exact: true });

    // With the keys (the range input's own Home / End), then to chosen moments. The position is
    // read from what a screen reader hears (aria-valuetext), waiting for the re-render.
    const at = (seq: number) =>
      page.locator(`#ilm-scrubber-range[aria-valuetext^="Event ${seq} of ${lastSeq},"]`).waitFor();
    await slider.focus();
    await page.keyboard.press('End');
    await at(lastSeq);
    await page.keyboard.press('Home');
    await at(events[0]?.seq ?? 1);
    await slider.fill(String(startedSeq));
    await at(startedSeq);
    await tab(run.mainFile).waitFor();
    expect(await tab(HELPER_FILE).count(), 'the assistant has not written its file yet').toBe(0);
    await slider.fill(String(submittedSeq));
    await at(submittedSeq);
    await tab(HELPER_FILE).click();
    await page.locator('.ilm-code-body', { hasText: 'return 42' }).waitFor();
    await tab(run.mainFile).click();
    await page.locator('.ilm-code-body', { hasText: TYPED_LINE }).waitFor();
    await checkAccessibility(page, 'replay');
    await screenshot(page, 'replay');

    // The dashboard, with this run's figures.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: run.assessmentTitle }).waitFor({ timeout: 30_000 });
    const kpi = (label: string) =>
      page.locator('.kpi', { hasText: label }).locator('.kpi-value').textContent();
    expect(await kpi('Candidates invited')).toBe('1');
    expect(await kpi('Interviews started')).toBe('1');
    expect(await kpi('Completion rate')).toBe('100%');
    await checkAccessibility(page, 'dashboard');
    await screenshot(page, 'dashboard');
  });

  it('an operator retries the dead-lettered job from the operations page, and it is processed', async () => {
    if (!run.earlyJobId) throw new Error('the earlier steps did not finish');
    // An operator account, as `interviewlm admin create --email …` makes it; they sign in in the UI.
    const email = `ops-${randomBytes(4).toString('hex')}@example.test`;
    const password = `operator-${randomBytes(8).toString('hex')}`;
    await createPlatformOperator(db(), { email, name: 'Olga Operator', password });
    const page = await newPage();
    await page.goto(`${env.url}/signin?next=${encodeURIComponent('/ops')}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Operations' }).waitFor();
    await page
      .getByText(/queue|worker/i)
      .first()
      .waitFor();
    await checkAccessibility(page, 'operations (health)');

    // The dead-letter inbox: the queue's count, then its jobs with the error.
    await page.getByRole('tab', { name: 'Dead letters' }).click();
    await page.getByRole('button', { name: '1 dead in evaluation-agent: show the jobs' }).click();
    const row = page.getByRole('row', { name: new RegExp(run.earlyJobId) });
    await row.waitFor();
    expect(await row.textContent()).toContain(`session ${run.sessionId} has not ended yet`);
    await checkAccessibility(page, 'operations (dead letters)');
    await screenshot(page, 'operations');

    await row.getByRole('button', { name: 'Retry' }).click();
    const confirm = page.getByRole('dialog', { name: `Retry job ${run.earlyJobId} of evaluation-agent?` });
    await confirm.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('Job sent back to its queue').waitFor();
    await page.getByText('No dead jobs here').waitFor();

    // Recorded as retried by this operator, and — the interview being over now — processed.
    const [operator] = await db().select({ id: users.id }).from(users).where(eq(users.email, email));
    const audit = await db()
      .select({ actorUserId: auditLogs.actorUserId, data: auditLogs.data })
      .from(auditLogs)
      .where(
        and(eq(auditLogs.action, 'dlq.retry'), eq(auditLogs.targetId, `evaluation-agent/${run.earlyJobId}`)),
      );
    expect(audit).toEqual([
      { actorUserId: operator?.id, data: expect.objectContaining({ via: 'operator' }) },
    ]);
    const [stored] = await db()
      .select()
      .from(deadLetterJobs)
      .where(and(eq(deadLetterJobs.queue, 'evaluation-agent'), eq(deadLetterJobs.jobId, run.earlyJobId)));
    expect(stored).toMatchObject({ status: 'retried', retryCount: 1, resolvedByUserId: operator?.id });
    const state = await waitFor(
      async () => {
        const job = await env.platform.queues.queue('evaluation-agent').getJob(run.earlyJobId);
        const current = await job?.getState();
        return current === 'completed' || current === 'failed' ? current : undefined;
      },
      'the retried job to run',
      30_000,
    );
    expect(state).toBe('completed');
  });
});
