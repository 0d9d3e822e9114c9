/**
 * The golden path in headless Chromium against the whole platform (real PostgreSQL, Redis, the
 * bwrap sandbox, the built web app): a candidate opens the invitation link, consents, runs the
 * tests in the workspace and submits; the recruiter sees the dashboard, the wizard, the report of
 * the evaluated session and its replay; an operator sees the operations page. Screenshots of each
 * page are kept in test-artifacts/screenshots.
 *
 * Not covered yet (the web application issue stays open for them): signing up and inviting
 * through the UI, the AI chat with a tool call in the browser, a DLQ retry from the UI, an axe check.
 */
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluations } from '../../src/platform/db/schema/index.ts';
import { ensureWebBuild } from '../../src/platform/http/web-app.ts';
import { type InterviewPlatform, publishAndInvite, startInterviewPlatform } from '../interview/support.ts';
import { createTestMember, type TestMember } from '../support/accounts.ts';
import { waitFor } from '../support/wait.ts';
import { launchBrowser, screenshot } from './browser.ts';

let env: InterviewPlatform;
let browser: Browser;

beforeAll(async () => {
  const build = await ensureWebBuild();
  if (build.status === 'unavailable') throw new Error(`the web app could not be built: ${build.reason}`);
  env = await startInterviewPlatform();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

/** A browser context signed in as `member` (its session cookie on the platform's host). */
async function signedIn(member: TestMember): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const [name, value] = member.cookie.split('=');
  await context.addCookies([{ name: name ?? '', value: value ?? '', url: env.url, httpOnly: true }]);
  return context;
}

describe('the golden path in the browser', () => {
  it('candidate interview, then report, replay, dashboard and operations for the recruiter', async () => {
    const { invitations } = await publishAndInvite(env, { count: 1, questionCount: 1 });
    const invitation = invitations[0];
    if (!invitation) throw new Error('no invitation');

    // The candidate: intro and consent, the workspace, a test run, submission.
    const candidate = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await candidate.newPage();
    await page.goto(`${env.url}/interview/${invitation.token}`);
    await page.getByText('Scripted interview').first().waitFor();
    await screenshot(page, 'candidate-intro');
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Start the interview' }).click();
    await page.getByRole('button', { name: /Run tests/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /Run tests/ }).click();
    await page
      .getByText(/passed|failed/i)
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'workspace');
    await page.getByRole('button', { name: /Submit question/ }).click();
    await page.getByRole('button', { name: 'Submit and finish' }).click();
    await page.getByRole('heading', { name: 'Your interview is complete' }).waitFor({ timeout: 30_000 });
    await candidate.close();

    // The evaluation agent scores the session.
    const db = env.platform.database.db;
    const evaluation = await waitFor(
      async () => {
        const [row] = await db
          .select()
          .from(evaluations)
          .where(eq(evaluations.candidateId, invitation.candidateId));
        return row?.status === 'completed' ? row : undefined;
      },
      'the evaluation',
      30_000,
    );

    // The recruiter.
    const recruiter = await signedIn(env.owner);
    const console_ = await recruiter.newPage();
    await console_.goto(`${env.url}/`);
    await console_.getByRole('heading').first().waitFor();
    await screenshot(console_, 'dashboard');
    await console_.goto(`${env.url}/assessments/new`);
    await console_.getByRole('heading').first().waitFor();
    await screenshot(console_, 'wizard');
    await console_.goto(`${env.url}/candidates/${invitation.candidateId}/report`);
    await console_
      .getByText(String(Math.round(evaluation.overall ?? 0)))
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await console_.textContent('body')).toContain('Candidate 0');
    await screenshot(console_, 'report');
    await console_.goto(`${env.url}/candidates/${invitation.candidateId}/replay`);
    await console_.getByRole('slider').first().waitFor({ timeout: 30_000 });
    await screenshot(console_, 'replay');
    await recruiter.close();

    // An operator.
    const operator = await createTestMember(db, { role: 'OWNER', isPlatformAdmin: true });
    const ops = await signedIn(operator);
    const opsPage = await ops.newPage();
    await opsPage.goto(`${env.url}/ops`);
    await opsPage.getByRole('heading').first().waitFor();
    expect(await opsPage.textContent('body')).toMatch(/queue|worker/i);
    await screenshot(opsPage, 'operations');
    await ops.close();
  });
});
