/**
 * A recruiter with the console open while interviews run: every few seconds (jittered) one page —
 * the dashboard, the assessment list, a page of the candidate list, or a candidate's report (an
 * interview in progress: the report reads its questions and test results live).
 */
import type { TestMember } from '../../test/support/accounts.ts';
import type { LoadHttpClient } from './http-client.ts';
import { failureOf, type Recorder, type RouteKey } from './recorder.ts';

export interface SimulatedRecruiter {
  begin(): void;
  stop(): Promise<void>;
}

export function createRecruiter(options: {
  client: LoadHttpClient;
  recorder: Recorder;
  member: TestMember;
  assessmentId: string;
  /** Ids of candidates whose report may be opened (read when a report is due). */
  candidateIds: () => string[];
  everySeconds: number;
}): SimulatedRecruiter {
  const { client, recorder, member, assessmentId } = options;
  const headers = member.headers();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let turn = Math.floor(Math.random() * 4);

  const pages: Array<{ route: RouteKey; path: () => string | undefined }> = [
    { route: 'dashboard', path: () => '/api/dashboard' },
    { route: 'assessments', path: () => '/api/assessments' },
    {
      route: 'candidates',
      // Pages of 50, as the console shows them; the first page most often.
      path: () =>
        `/api/assessments/${assessmentId}/candidates?limit=50&offset=${Math.random() < 0.5 ? 0 : 50 * Math.floor(Math.random() * 4)}`,
    },
    {
      route: 'report',
      path: () => {
        const ids = options.candidateIds();
        const id = ids[Math.floor(Math.random() * ids.length)];
        return id ? `/api/candidates/${id}/report` : undefined;
      },
    },
  ];

  const view = async () => {
    const page = pages[turn % pages.length] as (typeof pages)[number];
    turn += 1;
    const path = page.path();
    if (!path) return;
    const result = await client.request('GET', path, { headers });
    recorder.record(page.route, result.ms, result.status === 200 ? undefined : failureOf(result));
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      if (stopped) return;
      current = view().finally(() => {
        current = undefined;
        // The next page once this one is read, after a jittered pause: a person reads, then clicks.
        if (!stopped) schedule(options.everySeconds * 1000 * (0.5 + Math.random()));
      });
    }, delayMs);
  };

  return {
    begin: () => schedule(Math.random() * options.everySeconds * 1000),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
