/**
 * A candidate's report (`/candidates/:id/report`): where the candidate stands, the evaluation —
 * overall and per-dimension scores with a chart, evidence linked to the replay
 * (`/candidates/:id/replay?seq=N`), ability θ ± SE, integrity risk with reasons, recommendation —
 * the questions with their hidden tests, the status history, pipeline moves, HTML/PDF export and
 * share links. Polls while the interview runs or the evaluation is being computed.
 * API: GET /api/candidates/:id/report, …/report/html, …/report/pdf, POST …/report/share,
 * GET …/report/shares, DELETE …/report/shares/:shareId.
 */
import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { endpoints } from '../../api/endpoints.ts';
import type { Report, ReportEvaluation, ReportEvidence } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { useChartColors } from '../../lib/chart-colors.ts';
import {
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatUsd,
  humanize,
} from '../../lib/format.ts';
import {
  candidateStatusLabel,
  dimensionLabel,
  languageLabel,
  recommendationLabel,
} from '../../lib/labels.ts';
import { useResource } from '../../lib/use-resource.ts';
import { buildPath } from '../../router/match.ts';
import { Link, type RouteComponentProps } from '../../router/router.tsx';
import {
  Alert,
  Badge,
  Button,
  ButtonAnchor,
  Card,
  type Column,
  ErrorAlert,
  Loading,
  PageHeader,
  Spinner,
  Table,
} from '../../ui/index.ts';
import { CandidateActions } from './candidate-actions.tsx';
import { IntegrityCard } from './integrity-card.tsx';
import { ShareDialog } from './share-dialog.tsx';

/** The replay at one event of the session. */
export function replayPath(candidateId: string, seq?: number): string {
  return buildPath('/candidates/:id/replay', { id: candidateId }, seq === undefined ? {} : { seq });
}

const POLL_MS = 10_000;
const pending = new Set<Report['status']>(['in_progress', 'evaluating']);

export default function ReportPage({ params }: RouteComponentProps) {
  const id = params.id ?? '';
  const auth = useAuth();
  const [polling, setPolling] = useState(false);
  const report = useResource(
    async (signal) => {
      const answer = await endpoints.reports.get(id, signal);
      setPolling(pending.has(answer.report.status));
      return answer.report;
    },
    [id],
    { pollMs: polling ? POLL_MS : undefined },
  );
  // The link's state (active, expired, revoked) for the actions; the report does not carry it.
  const detail = useResource(() => endpoints.candidates.get(id), [id, report.data?.candidate.status]);
  const [sharing, setSharing] = useState(false);
  const data = report.data;

  if (!data) {
    return (
      <>
        <PageHeader title="Candidate report" breadcrumbs={<Link to="/assessments">Assessments</Link>} />
        {report.error ? (
          <ErrorAlert error={report.error} onRetry={report.reload} />
        ) : (
          <Loading label="Loading the report…" />
        )}
      </>
    );
  }

  const status = candidateStatusLabel(data.candidate.status);
  const canWrite = auth.can('candidates:write');
  return (
    <>
      <PageHeader
        title={data.candidate.name}
        breadcrumbs={
          <>
            <Link to="/assessments">Assessments</Link> /{' '}
            <Link to={`/assessments/${data.assessment.id}`}>{data.assessment.title}</Link>
          </>
        }
        description={
          <span className="row">
            <Badge tone={status.tone}>{status.label}</Badge>
            <span className="subtle break">{data.candidate.email}</span>
          </span>
        }
        actions={
          <>
            <ButtonAnchor href={endpoints.reports.htmlUrl(id)} target="_blank" rel="noopener">
              Open as HTML
            </ButtonAnchor>
            <ButtonAnchor href={endpoints.reports.pdfUrl(id)} download>
              Download PDF
            </ButtonAnchor>
            {canWrite ? <Button onClick={() => setSharing(true)}>Share</Button> : null}
          </>
        }
      />
      {report.error ? (
        <ErrorAlert error={report.error} onRetry={report.reload} title="Could not refresh the report" />
      ) : null}
      <CandidateActions
        candidate={{
          id: data.candidate.id,
          name: data.candidate.name,
          status: data.candidate.status,
          ...(detail.data ? { invitation: detail.data.candidate.invitation } : {}),
        }}
        canWrite={canWrite}
        size="md"
        onChanged={() => {
          report.reload();
          detail.reload();
        }}
      />
      {data.evaluation ? (
        <Evaluation report={data} evaluation={data.evaluation} />
      ) : (
        <Alert
          tone={data.status === 'failed' ? 'danger' : 'info'}
          live
          title={
            pending.has(data.status) ? (
              <span className="row">
                <Spinner label="" /> {data.status === 'evaluating' ? 'Evaluating…' : 'Interview in progress'}
              </span>
            ) : (
              humanize(data.status)
            )
          }
        >
          {data.statusMessage}
          {pending.has(data.status) ? ' This page refreshes by itself.' : ''}
        </Alert>
      )}
      <Session report={data} />
      <History report={data} />
      <ShareDialog candidateId={id} open={sharing} onClose={() => setSharing(false)} />
    </>
  );
}

function Evaluation({ report, evaluation }: { report: Report; evaluation: ReportEvaluation }) {
  const colors = useChartColors();
  const recommendation = recommendationLabel[evaluation.recommendation];
  const candidateId = report.candidate.id;
  const chartData = evaluation.dimensions.map((dimension) => ({
    name: dimensionLabel(dimension.name),
    score: Math.round(dimension.score),
    weight: dimension.weight,
  }));
  const details = evaluation.details;
  return (
    <>
      <div className="grid-2">
        <Card title="Result">
          <div className="stack">
            <div className="row" style={{ alignItems: 'baseline' }}>
              <span className="score-big">{Math.round(evaluation.overall)}</span>
              <span className="muted">
                / 100<span className="sr-only"> overall score</span>
              </span>
              <Badge tone={recommendation.tone}>{recommendation.label}</Badge>
            </div>
            <dl className="definition-list">
              <dt>Confidence</dt>
              <dd>{formatPercent(evaluation.confidence)}</dd>
              <dt>Ability θ</dt>
              <dd>
                {evaluation.ability
                  ? `${evaluation.ability.theta.toFixed(2)} ± ${evaluation.ability.standardError.toFixed(2)}`
                  : '—'}
                <span className="subtle"> (0 is average; ± one standard error)</span>
              </dd>
              <dt>Scoring</dt>
              <dd>
                version {evaluation.scoringVersion}, {formatDateTime(evaluation.completedAt)}
              </dd>
              {evaluation.llm ? (
                <>
                  <dt>AI review</dt>
                  <dd>
                    {evaluation.llm.provider} / {evaluation.llm.model}: {formatNumber(evaluation.llm.tokens)}{' '}
                    tokens, {formatUsd(evaluation.llm.costUsd)}
                  </dd>
                </>
              ) : null}
            </dl>
            {details?.summary ? <p>{details.summary}</p> : null}
            {details?.recommendationReasons?.length ? (
              <div className="stack-sm">
                <strong className="small">Why this recommendation</strong>
                <ul className="small" style={{ margin: 0 }}>
                  {details.recommendationReasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            {evaluation.recommendation === 'needs_review' && details?.unreviewedRecommendation ? (
              <Alert tone="warning" title="A person should decide">
                The scores alone point to “{recommendationLabel[details.unreviewedRecommendation].label}”, but
                confidence is low or the scoring methods disagree. Read the evidence and watch the replay.
              </Alert>
            ) : null}
          </div>
        </Card>
        <Card title="Scores by dimension">
          <div
            className="chart-box-sm"
            role="img"
            aria-label={chartData
              .map((row) => `${row.name}: ${row.score} (weight ${formatPercent(row.weight)})`)
              .join(', ')}
          >
            <ResponsiveContainer>
              <BarChart data={chartData} layout="vertical" margin={{ left: 8, right: 40 }}>
                <CartesianGrid stroke={colors.grid} horizontal={false} />
                <XAxis type="number" domain={[0, 100]} stroke={colors.text} fontSize={12} />
                <YAxis type="category" dataKey="name" width={120} stroke={colors.text} fontSize={12} />
                <Tooltip cursor={{ fill: colors.grid, opacity: 0.3 }} />
                <Bar dataKey="score" name="Score" radius={[0, 4, 4, 0]}>
                  {chartData.map((row, index) => (
                    <Cell key={row.name} fill={colors.series[index % colors.series.length]} />
                  ))}
                  <LabelList dataKey="score" position="right" fill={colors.text} fontSize={12} />
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
        </Card>
      </div>
      {evaluation.integrity ? (
        <IntegrityCard
          integrity={evaluation.integrity}
          eventLabel={(seq) => <Link to={replayPath(candidateId, seq)}>Watch at event #{seq}</Link>}
        />
      ) : null}
      <div className="grid-2">
        {evaluation.dimensions.map((dimension) => (
          <Card
            key={dimension.name}
            title={dimensionLabel(dimension.name)}
            titleAs="h3"
            actions={
              <span className="row small">
                <strong className="num">{Math.round(dimension.score)}</strong>
                <span className="subtle">
                  weight {formatPercent(dimension.weight)} · confidence {formatPercent(dimension.confidence)}
                </span>
              </span>
            }
          >
            {dimension.evidence.length === 0 ? (
              <p className="subtle">No evidence recorded.</p>
            ) : (
              <ul className="list-plain">
                {dimension.evidence.map((evidence, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one answer, never reordered.
                  <li key={`${evidence.kind}-${index}`} className="evidence">
                    <EvidenceItem candidateId={candidateId} evidence={evidence} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ))}
      </div>
    </>
  );
}

function EvidenceItem({ candidateId, evidence }: { candidateId: string; evidence: ReportEvidence }) {
  return (
    <div className="stack-sm" style={{ gap: 2 }}>
      <span>{evidence.summary}</span>
      <span className="row subtle" style={{ gap: 'var(--space-2)' }}>
        <Badge>{humanize(evidence.kind)}</Badge>
        {evidence.filePath ? (
          <span className="mono">
            {evidence.filePath}
            {evidence.lines ? `:${evidence.lines[0]}–${evidence.lines[1]}` : ''}
          </span>
        ) : null}
        {evidence.value !== undefined ? <span>value {formatNumber(evidence.value, 2)}</span> : null}
        {evidence.eventSeq !== undefined ? (
          <Link to={replayPath(candidateId, evidence.eventSeq)}>Watch at event #{evidence.eventSeq}</Link>
        ) : null}
      </span>
    </div>
  );
}

type Question = NonNullable<Report['session']>['questions'][number];

function Session({ report }: { report: Report }) {
  const session = report.session;
  if (!session) return null;
  const columns: Column<Question>[] = [
    { key: 'position', header: '#', cell: (row) => row.position + 1 },
    { key: 'title', header: 'Question', cell: (row) => row.title },
    {
      key: 'difficulty',
      header: 'Difficulty',
      cell: (row) => (
        <Badge
          tone={row.difficulty === 'hard' ? 'danger' : row.difficulty === 'medium' ? 'warning' : 'success'}
        >
          {humanize(row.difficulty)}
        </Badge>
      ),
    },
    {
      key: 'tests',
      header: 'Hidden tests',
      cell: (row) =>
        row.hiddenRun ? (
          <span>
            {row.hiddenRun.passed}/{row.hiddenRun.total} passed
            {row.hiddenRun.status !== 'ok' ? (
              <span className="subtle"> · {humanize(row.hiddenRun.status)}</span>
            ) : null}
          </span>
        ) : (
          <span className="subtle">{row.submittedAt ? '—' : 'Not submitted'}</span>
        ),
    },
    { key: 'score', header: 'Score', numeric: true, cell: (row) => formatPercent(row.score) },
    {
      key: 'submitted',
      header: 'Submitted',
      cell: (row) => (
        <span className="small">
          {formatDateTime(row.submittedAt)}
          {row.autoSubmitted ? <span className="subtle"> (time ran out)</span> : null}
        </span>
      ),
    },
  ];
  return (
    <Card
      title="Interview"
      flush
      actions={
        <Link to={replayPath(report.candidate.id)} className="small">
          Watch the replay
        </Link>
      }
    >
      <div style={{ padding: 'var(--space-4) var(--space-5)' }}>
        <dl className="definition-list">
          <dt>Session</dt>
          <dd>
            {humanize(session.status)} · {languageLabel(session.language)}
          </dd>
          <dt>Started</dt>
          <dd>{formatDateTime(session.startedAt)}</dd>
          <dt>Finished</dt>
          <dd>
            {session.completedAt
              ? formatDateTime(session.completedAt)
              : `deadline ${formatDateTime(session.deadlineAt)}`}
          </dd>
          <dt>Time taken</dt>
          <dd>
            {formatDuration(session.durationSeconds)} of {report.assessment.durationMinutes} min
          </dd>
        </dl>
      </div>
      {session.questions.length > 0 ? (
        <Table
          caption="Questions"
          columns={columns}
          rows={session.questions}
          rowKey={(row) => `${row.position}-${row.questionId}`}
        />
      ) : null}
    </Card>
  );
}

function History({ report }: { report: Report }) {
  const entries = report.candidate.history;
  if (entries.length === 0) return null;
  return (
    <Card title="History">
      <ol className="timeline">
        {entries.map((entry, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one answer, never reordered.
          <li key={`${entry.at}-${index}`} className="timeline-entry">
            <strong>{candidateStatusLabel(entry.to).label}</strong>{' '}
            <span className="subtle">
              {formatDateTime(entry.at)}
              {entry.actor.name
                ? ` · by ${entry.actor.name}`
                : entry.actor.kind === 'system' || entry.actor.kind === 'platform'
                  ? ' · by the platform'
                  : ''}
            </span>
            {entry.reason ? <p className="small">“{entry.reason}”</p> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
