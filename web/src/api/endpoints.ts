/**
 * One function per API call the console makes, grouped by area, over the shared client. Pages
 * call these, never `fetch`: the paths and shapes live in one place.
 */
import { type ApiClient, api } from './client.ts';
import type {
  ApiKeyView,
  AssessmentCreateBody,
  AssessmentList,
  AssessmentStatus,
  AssessmentUpdateBody,
  AssessmentView,
  AuditEntry,
  CandidateDetail,
  CandidateStatus,
  CandidateView,
  CheckoutAnswer,
  CreatedApiKey,
  CreateShareResponse,
  CreditPackagesAnswer,
  CreditsAnswer,
  Dashboard,
  DeadLetterActionResult,
  DeadLetterList,
  DeadLetterStats,
  Difficulty,
  InviteResponse,
  LinkResponse,
  Me,
  MemberInvitationAnswer,
  MembersAnswer,
  MetricsHistory,
  MetricsSeries,
  OutboxMessage,
  PlatformHealth,
  ProgrammingLanguage,
  QuestionCacheStats,
  QueueName,
  Report,
  Role,
  SeedView,
  SessionAnswer,
  SharedReportAnswer,
  ShareView,
  WorkerHealth,
} from './types.ts';

/** Options shared by the invitation calls. */
export interface InviteOptions {
  deadline?: string | undefined;
  message?: string | undefined;
  sendEmail?: boolean;
}

const id = (value: string) => encodeURIComponent(value);

/** Every endpoint, bound to `client` (the app's shared one by default). */
export function createEndpoints(client: ApiClient = api) {
  return {
    auth: {
      /**
       * Who is signed in. Also takes the session's CSRF token from the answer: after a reload the
       * page has only its cookie, and mutations need the token.
       */
      me: async (signal?: AbortSignal) => {
        const me = await client.get<Me>('/api/auth/me', { on401: 'throw', ...(signal ? { signal } : {}) });
        client.setCsrfToken(me.csrfToken);
        return me;
      },
      signIn: (body: { email: string; password: string }) =>
        client.post<SessionAnswer>('/api/auth/signin', body, { on401: 'throw' }),
      signUp: (body: { email: string; password: string; name: string; organizationName: string }) =>
        client.post<SessionAnswer>('/api/auth/signup', body, { on401: 'throw' }),
      signOut: () => client.post<{ success: true }>('/api/auth/signout', {}, { on401: 'throw' }),
      switchOrganization: (organizationId: string) =>
        client.post<{ success: true }>('/api/auth/organization', { organizationId }),
      requestPasswordReset: (email: string) =>
        client.post<{ success: true }>('/api/auth/password-reset/request', { email }, { on401: 'throw' }),
      confirmPasswordReset: (token: string, password: string) =>
        client.post<{ success: true }>(
          '/api/auth/password-reset/confirm',
          { token, password },
          { on401: 'throw' },
        ),
      acceptInvitation: (body: { token: string; name?: string; password: string }) =>
        client.post<{ success: true; organizationId: string; role: Role; csrfToken: string }>(
          '/api/members/invitations/accept',
          body,
          { on401: 'throw' },
        ),
    },
    dashboard: {
      get: (query: { from?: string; to?: string; assessmentId?: string }, signal?: AbortSignal) =>
        client.get<Dashboard>('/api/dashboard', { query, ...(signal ? { signal } : {}) }),
    },
    audit: {
      list: (query: { limit?: number; before?: string; action?: string } = {}) =>
        client.get<{ success: true; entries: AuditEntry[] }>('/api/audit', { query }),
    },
    assessments: {
      list: (query: {
        status?: AssessmentStatus | undefined;
        search?: string | undefined;
        limit?: number;
        cursor?: string | undefined;
      }) => client.get<AssessmentList>('/api/assessments', { query }),
      get: (assessmentId: string) =>
        client.get<{ success: true; assessment: AssessmentView }>(`/api/assessments/${id(assessmentId)}`),
      create: (body: AssessmentCreateBody) =>
        client.post<{ success: true; assessment: AssessmentView }>('/api/assessments', body),
      update: (assessmentId: string, body: AssessmentUpdateBody) =>
        client.patch<{ success: true; assessment: AssessmentView }>(
          `/api/assessments/${id(assessmentId)}`,
          body,
        ),
      publish: (assessmentId: string) =>
        client.post<{ success: true; assessment: AssessmentView }>(
          `/api/assessments/${id(assessmentId)}/publish`,
          {},
        ),
      archive: (assessmentId: string) =>
        client.post<{ success: true; assessment: AssessmentView }>(
          `/api/assessments/${id(assessmentId)}/archive`,
          {},
        ),
      duplicate: (assessmentId: string, title?: string) =>
        client.post<{ success: true; assessment: AssessmentView }>(
          `/api/assessments/${id(assessmentId)}/duplicate`,
          title ? { title } : {},
        ),
    },
    seeds: {
      list: (query: { search?: string; limit?: number } = {}) =>
        client.get<{ success: true; seeds: SeedView[]; total: number; nextCursor: string | null }>(
          '/api/seeds',
          {
            query,
          },
        ),
    },
    candidates: {
      list: (
        assessmentId: string,
        query: { status?: string | undefined; search?: string | undefined; limit?: number; offset?: number },
      ) =>
        client.get<{ success: true; candidates: CandidateView[]; total: number }>(
          `/api/assessments/${id(assessmentId)}/candidates`,
          { query },
        ),
      inviteOne: (assessmentId: string, candidate: { name: string; email: string }, options: InviteOptions) =>
        client.post<InviteResponse>(`/api/assessments/${id(assessmentId)}/candidates`, {
          ...candidate,
          ...options,
        }),
      inviteMany: (
        assessmentId: string,
        candidates: Array<{ name: string; email: string }>,
        options: InviteOptions,
      ) =>
        client.post<InviteResponse>(`/api/assessments/${id(assessmentId)}/candidates`, {
          candidates,
          ...options,
        }),
      inviteCsv: (assessmentId: string, csv: string, options: InviteOptions) =>
        client.post<InviteResponse>(`/api/assessments/${id(assessmentId)}/candidates/csv`, {
          csv,
          ...options,
        }),
      get: (candidateId: string) =>
        client.get<{ success: true; candidate: CandidateDetail }>(`/api/candidates/${id(candidateId)}`),
      inviteLink: (candidateId: string) =>
        client.get<LinkResponse>(`/api/candidates/${id(candidateId)}/invite-link`),
      resend: (candidateId: string, body: { deadline?: string; message?: string } = {}) =>
        client.post<LinkResponse>(`/api/candidates/${id(candidateId)}/resend`, body),
      revoke: (candidateId: string, reason?: string) =>
        client.post<{ success: true; refunded: boolean; credits: { balance: number } }>(
          `/api/candidates/${id(candidateId)}/revoke`,
          reason ? { reason } : {},
        ),
      move: (candidateId: string, status: CandidateStatus, reason?: string) =>
        client.post<{ success: true; candidate: CandidateDetail }>(
          `/api/candidates/${id(candidateId)}/status`,
          {
            status,
            ...(reason ? { reason } : {}),
          },
        ),
    },
    reports: {
      get: (candidateId: string, signal?: AbortSignal) =>
        client.get<{ success: true; report: Report }>(`/api/candidates/${id(candidateId)}/report`, {
          ...(signal ? { signal } : {}),
        }),
      htmlUrl: (candidateId: string) => `/api/candidates/${id(candidateId)}/report/html`,
      pdfUrl: (candidateId: string) => `/api/candidates/${id(candidateId)}/report/pdf`,
      createShare: (candidateId: string, expiresInHours: number) =>
        client.post<CreateShareResponse>(`/api/candidates/${id(candidateId)}/report/share`, {
          expiresInHours,
        }),
      listShares: (candidateId: string) =>
        client.get<{ success: true; shares: ShareView[] }>(
          `/api/candidates/${id(candidateId)}/report/shares`,
        ),
      revokeShare: (candidateId: string, shareId: string) =>
        client.delete<{ success: true; share: ShareView }>(
          `/api/candidates/${id(candidateId)}/report/shares/${id(shareId)}`,
        ),
      /**
       * The public read of a share link (no sign-in: the token is the key). A 401 is never
       * expected here and must not send a reader without an account to the sign-in page.
       */
      shared: (token: string, signal?: AbortSignal) =>
        client.get<SharedReportAnswer>(`/api/reports/shared/${id(token)}`, {
          on401: 'throw',
          ...(signal ? { signal } : {}),
        }),
      sharedPdfUrl: (token: string) => `/api/reports/shared/${id(token)}/pdf`,
    },
    members: {
      list: () => client.get<MembersAnswer>('/api/members'),
      invite: (email: string, role: Role) =>
        client.post<MemberInvitationAnswer>('/api/members/invitations', { email, role }),
      revokeInvitation: (invitationId: string) =>
        client.delete<{ success: true }>(`/api/members/invitations/${id(invitationId)}`),
      changeRole: (userId: string, role: Role) =>
        client.patch<{ success: true }>(`/api/members/${id(userId)}`, { role }),
      remove: (userId: string) => client.delete<{ success: true }>(`/api/members/${id(userId)}`),
    },
    apiKeys: {
      list: () => client.get<{ success: true; keys: ApiKeyView[] }>('/api/api-keys'),
      create: (name: string, expiresInDays?: number) =>
        client.post<CreatedApiKey>('/api/api-keys', { name, ...(expiresInDays ? { expiresInDays } : {}) }),
      revoke: (keyId: string) => client.delete<{ success: true }>(`/api/api-keys/${id(keyId)}`),
    },
    credits: {
      ledger: (query: { limit?: number; offset?: number } = {}) =>
        client.get<CreditsAnswer>('/api/credits', { query }),
      packages: () => client.get<CreditPackagesAnswer>('/api/credits/packages'),
      checkout: (packageId: string) => client.post<CheckoutAnswer>('/api/credits/checkout', { packageId }),
    },
    ops: {
      health: () => client.get<PlatformHealth>('/api/health', { on401: 'throw' }),
      workers: () => client.get<WorkerHealth>('/api/health/workers', { on401: 'throw' }),
      metrics: (query: { series: MetricsSeries; from?: string; to?: string; queue?: QueueName }) =>
        client.get<MetricsHistory>('/api/admin/metrics', { query, on401: 'throw' }),
      deadLetterStats: () =>
        client.get<{ success: true; stats: DeadLetterStats }>('/api/admin/dlq', { on401: 'throw' }),
      deadLetters: (queue: QueueName, limit = 50) =>
        client.get<DeadLetterList>('/api/admin/dlq', { query: { queue, limit }, on401: 'throw' }),
      deadLetterAction: (
        body:
          | { action: 'retry' | 'discard'; queue: QueueName; jobId: string }
          | { action: 'clear'; queue: QueueName }
          | { action: 'retry-all'; queue: QueueName; fingerprint?: string },
      ) => client.post<DeadLetterActionResult>('/api/admin/dlq', body, { on401: 'throw' }),
      questionCache: () =>
        client.get<{ success: true; stats: QuestionCacheStats }>('/api/admin/question-cache', {
          on401: 'throw',
        }),
      clearQuestionCache: (query: { difficulty?: Difficulty; language?: ProgrammingLanguage }) =>
        client.delete<{ success: true; cleared: number }>('/api/admin/question-cache', {
          query,
          on401: 'throw',
        }),
      outbox: (query: { limit?: number; to?: string } = {}) =>
        client.get<{ success: true; messages: OutboxMessage[] }>('/api/admin/outbox', {
          query,
          on401: 'throw',
        }),
    },
  };
}

/** The endpoints over the app's shared client. */
export const endpoints = createEndpoints();
