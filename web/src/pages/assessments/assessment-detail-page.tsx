/**
 * One assessment (`/assessments/:id`): its settings and plan, publish / edit / duplicate / archive,
 * and its candidates — invite (one, a list, CSV), search and filter, copy link, resend, revoke,
 * pipeline moves, and the way to each report.
 * API: GET /api/assessments/:id, POST …/publish|archive|duplicate, GET …/candidates.
 */
import { useState } from 'react';
import { endpoints } from '../../api/endpoints.ts';
import type { AssessmentView, CandidateView } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { expectedCounts, formatMix, seniorityOptions } from '../../lib/difficulty-mix.ts';
import { formatDate, formatDateTime, humanize } from '../../lib/format.ts';
import {
  aiPolicyOptions,
  assessmentStatusTone,
  candidateStatusLabel,
  candidateStatusOptions,
  languageLabel,
  questionSourceOptions,
  roleOptions,
} from '../../lib/labels.ts';
import { useAction, useResource } from '../../lib/use-resource.ts';
import { Link, navigate, type RouteComponentProps, useQuery, useSetQuery } from '../../router/router.tsx';
import {
  Alert,
  Badge,
  Button,
  ButtonLink,
  Card,
  type Column,
  ConfirmDialog,
  EmptyState,
  ErrorAlert,
  Input,
  Loading,
  PageHeader,
  Progress,
  Select,
  Table,
  useToasts,
} from '../../ui/index.ts';
import { CandidateActions } from '../candidates/candidate-actions.tsx';
import { InviteDialog } from './invite-dialog.tsx';

const PAGE_SIZE = 50;

export default function AssessmentDetailPage({ params }: RouteComponentProps) {
  const id = params.id ?? '';
  const assessment = useResource(
    () => endpoints.assessments.get(id).then((answer) => answer.assessment),
    [id],
  );
  if (!assessment.data) {
    return (
      <>
        <PageHeader title="Assessment" breadcrumbs={<Link to="/assessments">Assessments</Link>} />
        {assessment.error ? <ErrorAlert error={assessment.error} onRetry={assessment.reload} /> : <Loading />}
      </>
    );
  }
  return (
    <AssessmentDetail
      assessment={assessment.data}
      onChanged={(next) => assessment.setData(next)}
      reload={assessment.reload}
    />
  );
}

function AssessmentDetail({
  assessment,
  onChanged,
  reload,
}: {
  assessment: AssessmentView;
  onChanged: (assessment: AssessmentView) => void;
  reload: () => void;
}) {
  const auth = useAuth();
  const toasts = useToasts();
  const canWrite = auth.can('assessments:write');
  const [confirmArchive, setConfirmArchive] = useState(false);
  const publish = useAction(async () => {
    const answer = await endpoints.assessments.publish(assessment.id);
    onChanged(answer.assessment);
    toasts.success('Published', 'You can invite candidates now.');
  });
  const archive = useAction(
    async () => {
      const answer = await endpoints.assessments.archive(assessment.id);
      onChanged(answer.assessment);
      setConfirmArchive(false);
      toasts.success('Archived', 'Existing links stop accepting new candidates; duplicate it to reuse it.');
    },
    { onError: (error) => toasts.error(error, 'Could not archive') },
  );
  const duplicate = useAction(
    async () => {
      const answer = await endpoints.assessments.duplicate(assessment.id);
      toasts.success('Copied into a new draft');
      navigate(`/assessments/${answer.assessment.id}/edit`);
    },
    { onError: (error) => toasts.error(error, 'Could not duplicate') },
  );

  return (
    <>
      <PageHeader
        title={assessment.title}
        breadcrumbs={<Link to="/assessments">Assessments</Link>}
        description={
          <span className="row">
            <Badge tone={assessmentStatusTone[assessment.status]}>{humanize(assessment.status)}</Badge>
            <span className="subtle">
              {assessment.publishedAt
                ? `Published ${formatDate(assessment.publishedAt)}`
                : `Created ${formatDate(assessment.createdAt)}`}
            </span>
          </span>
        }
        actions={
          canWrite ? (
            <>
              {assessment.status === 'draft' ? (
                <Button
                  variant="primary"
                  loading={publish.busy}
                  loadingText="Publishing…"
                  onClick={() => void publish.run()}
                >
                  Publish
                </Button>
              ) : null}
              {assessment.status !== 'archived' ? (
                <ButtonLink to={`/assessments/${assessment.id}/edit`}>Edit</ButtonLink>
              ) : null}
              <Button loading={duplicate.busy} onClick={() => void duplicate.run()}>
                Duplicate
              </Button>
              {assessment.status !== 'archived' ? (
                <Button variant="ghost" onClick={() => setConfirmArchive(true)}>
                  Archive
                </Button>
              ) : null}
            </>
          ) : undefined
        }
      />
      {publish.busy ? (
        <Progress label="Checking the question plan and publishing (questions are prepared for candidates)…" />
      ) : null}
      {publish.error ? <ErrorAlert error={publish.error} title="Not published" /> : null}
      <Summary assessment={assessment} />
      <Candidates assessment={assessment} onInvited={reload} />
      <ConfirmDialog
        open={confirmArchive}
        title={`Archive “${assessment.title}”?`}
        confirmLabel="Archive"
        danger
        busy={archive.busy}
        onClose={() => setConfirmArchive(false)}
        onConfirm={() => void archive.run()}
      >
        <p>
          Archiving is final: no new invitations. Candidates already in progress can finish. Duplicate it to
          reuse the setup.
        </p>
      </ConfirmDialog>
    </>
  );
}

function Summary({ assessment }: { assessment: AssessmentView }) {
  const plan = assessment.questionPlan;
  const counts = expectedCounts(plan.difficultyMix, plan.count);
  return (
    <Card title="Setup">
      <dl className="definition-list">
        <dt>Role</dt>
        <dd>
          {roleOptions.find((role) => role.value === assessment.role)?.label} ·{' '}
          {seniorityOptions.find((level) => level.value === assessment.seniority)?.label}
        </dd>
        <dt>Duration</dt>
        <dd>{assessment.durationMinutes} minutes</dd>
        <dt>Languages</dt>
        <dd>{assessment.languages.map(languageLabel).join(', ')}</dd>
        <dt>Questions</dt>
        <dd>
          {plan.count} ({counts.easy} easy, {counts.medium} medium, {counts.hard} hard; mix{' '}
          {formatMix(plan.difficultyMix)} %)
          {plan.adaptive ? ', adaptive' : ''}
        </dd>
        <dt>Source</dt>
        <dd>
          {questionSourceOptions.find((source) => source.value === plan.source)?.label}
          {plan.topics.length > 0 ? ` · topics: ${plan.topics.join(', ')}` : ''}
        </dd>
        <dt>AI assistant</dt>
        <dd>{aiPolicyOptions.find((policy) => policy.value === assessment.aiPolicy)?.label}</dd>
        <dt>Integrity monitoring</dt>
        <dd>{assessment.integrityMonitoring ? 'On' : 'Off'}</dd>
        {assessment.description ? (
          <>
            <dt>Description</dt>
            <dd style={{ whiteSpace: 'pre-wrap' }}>{assessment.description}</dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}

function Candidates({ assessment, onInvited }: { assessment: AssessmentView; onInvited: () => void }) {
  const auth = useAuth();
  const query = useQuery();
  const setQuery = useSetQuery();
  const status = query.get('status') ?? '';
  const search = query.get('q') ?? '';
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const [searchText, setSearchText] = useState(search);
  const [inviting, setInviting] = useState(false);
  const canWrite = auth.can('candidates:write');
  const list = useResource(
    () =>
      endpoints.candidates.list(assessment.id, {
        status: status || undefined,
        search: search || undefined,
        limit: PAGE_SIZE,
        offset,
      }),
    [assessment.id, status, search, offset],
  );

  const columns: Column<CandidateView>[] = [
    {
      key: 'name',
      header: 'Candidate',
      cell: (row) => (
        <div className="stack-sm" style={{ gap: 2 }}>
          <Link to={`/candidates/${row.id}/report`}>
            <strong>{row.name}</strong>
          </Link>
          <span className="subtle break">{row.email}</span>
        </div>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      cell: (row) => {
        const label = candidateStatusLabel(row.status);
        return (
          <div className="stack-sm" style={{ gap: 2 }}>
            <Badge tone={label.tone}>{label.label}</Badge>
            <span className="subtle">{formatDate(row.statusChangedAt)}</span>
          </div>
        );
      },
    },
    {
      key: 'link',
      header: 'Link',
      cell: (row) =>
        row.status === 'INVITED' || row.status === 'IN_PROGRESS' ? (
          <span
            className="small"
            title={
              row.invitation.expiresAt ? `Expires ${formatDateTime(row.invitation.expiresAt)}` : undefined
            }
          >
            {humanize(row.invitation.state)}
            {row.invitation.state === 'active' && row.invitation.expiresAt ? (
              <span className="subtle"> · until {formatDate(row.invitation.expiresAt)}</span>
            ) : null}
            {row.invitation.sendCount > 1 ? (
              <span className="subtle"> · sent {row.invitation.sendCount}×</span>
            ) : null}
          </span>
        ) : (
          <span className="subtle">—</span>
        ),
    },
    {
      key: 'actions',
      header: 'Actions',
      label: 'Actions',
      cell: (row) => (
        <div className="row" style={{ gap: 'var(--space-2)' }}>
          <ButtonLink size="sm" to={`/candidates/${row.id}/report`}>
            Report
          </ButtonLink>
          <CandidateActions candidate={row} canWrite={canWrite} onChanged={list.reload} />
        </div>
      ),
    },
  ];

  const published = assessment.status === 'published';
  const data = list.data;
  return (
    <Card
      title={data ? `Candidates (${data.total})` : 'Candidates'}
      flush
      actions={
        canWrite ? (
          <Button variant="primary" disabled={!published} onClick={() => setInviting(true)}>
            Invite candidates
          </Button>
        ) : undefined
      }
    >
      <div className="stack" style={{ padding: 'var(--space-4) var(--space-5)' }}>
        {!published && canWrite ? (
          <Alert tone="info">
            {assessment.status === 'draft'
              ? 'Publish the assessment to invite candidates.'
              : 'This assessment is archived: duplicate it to invite new candidates.'}
          </Alert>
        ) : null}
        <form
          className="row"
          style={{ alignItems: 'flex-end' }}
          onSubmit={(event) => {
            event.preventDefault();
            setQuery({ q: searchText.trim(), offset: undefined });
          }}
        >
          <div style={{ flex: 1, minWidth: 220 }}>
            <Input
              label="Search"
              type="search"
              placeholder="Name or email"
              value={searchText}
              onChange={(event) => setSearchText(event.target.value)}
            />
          </div>
          <div style={{ minWidth: 180 }}>
            <Select
              label="Status"
              value={status}
              placeholder="Any status"
              options={candidateStatusOptions.map((option) => ({ value: option.value, label: option.label }))}
              onChange={(event) => setQuery({ status: event.target.value, offset: undefined })}
            />
          </div>
          <Button type="submit">Search</Button>
        </form>
        {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      </div>
      {!data ? (
        list.loading ? (
          <Loading />
        ) : null
      ) : data.candidates.length === 0 ? (
        status || search ? (
          <EmptyState title="No candidate matches">Change the search or the status filter.</EmptyState>
        ) : (
          <EmptyState
            title="No candidates yet"
            action={
              canWrite && published ? (
                <Button variant="primary" onClick={() => setInviting(true)}>
                  Invite candidates
                </Button>
              ) : undefined
            }
          >
            Invite one person, paste a list, or upload a CSV. Each gets a personal link.
          </EmptyState>
        )
      ) : (
        <Table
          caption={`Candidates of ${assessment.title}`}
          columns={columns}
          rows={data.candidates}
          rowKey={(row) => row.id}
        />
      )}
      {data && data.total > PAGE_SIZE ? (
        <div className="row-between" style={{ padding: 'var(--space-3) var(--space-5)' }}>
          <span className="subtle">
            {offset + 1}–{Math.min(offset + PAGE_SIZE, data.total)} of {data.total}
          </span>
          <div className="row">
            <Button
              disabled={offset === 0}
              onClick={() => setQuery({ offset: String(Math.max(0, offset - PAGE_SIZE)) })}
            >
              Previous
            </Button>
            <Button
              disabled={offset + PAGE_SIZE >= data.total}
              onClick={() => setQuery({ offset: String(offset + PAGE_SIZE) })}
            >
              Next
            </Button>
          </div>
        </div>
      ) : null}
      <InviteDialog
        assessmentId={assessment.id}
        open={inviting}
        onClose={() => setInviting(false)}
        onInvited={() => {
          list.reload();
          onInvited();
        }}
      />
    </Card>
  );
}
