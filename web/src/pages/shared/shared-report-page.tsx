/**
 * A shared candidate report (`/reports/shared/:token`), the page a share link opens: public and
 * read-only, no sign-in. It shows what GET /api/reports/shared/:token answers and nothing else (no
 * email, no replay, no actions): the result and recommendation, the scores per dimension with their
 * evidence, the integrity signals and the questions, plus the PDF. An unknown link and an expired
 * or revoked one each get a plain explanation, since the reader has no account to fall back on.
 */
import { type ReactNode, useEffect } from 'react';
import { endpoints } from '../../api/endpoints.ts';
import type { ReportEvaluation, SharedReport } from '../../api/types.ts';
import { Brand } from '../../layout/app-shell.tsx';
import { formatDateTime, formatDuration, formatNumber, formatPercent, humanize } from '../../lib/format.ts';
import { dimensionLabel, languageLabel, recommendationLabel } from '../../lib/labels.ts';
import { useResource } from '../../lib/use-resource.ts';
import type { RouteComponentProps } from '../../router/router.tsx';
import {
  Alert,
  Badge,
  ButtonAnchor,
  Card,
  type Column,
  ErrorAlert,
  Loading,
  PageHeader,
  Progress,
  Table,
} from '../../ui/index.ts';
import { IntegrityCard } from '../candidates/integrity-card.tsx';
import { sharedLinkMessages, sharedLinkProblem } from './shared-link.ts';

/** Keeps search engines away from the page while it is open (the link is a credential). */
function useNoIndex(): void {
  useEffect(() => {
    const meta = document.createElement('meta');
    meta.name = 'robots';
    meta.content = 'noindex, nofollow';
    document.head.appendChild(meta);
    return () => meta.remove();
  }, []);
}

function Frame({ children }: { children: ReactNode }) {
  return (
    <main
      id="main"
      className="stack"
      style={{ maxWidth: '64rem', margin: '0 auto', padding: 'var(--space-5) var(--space-4)' }}
    >
      <Brand />
      {children}
    </main>
  );
}

export default function SharedReportPage({ params }: RouteComponentProps) {
  const token = params.token ?? '';
  useNoIndex();
  const shared = useResource((signal) => endpoints.reports.shared(token, signal), [token]);

  if (!shared.data) {
    if (shared.loading || shared.error === undefined) {
      return (
        <Frame>
          <Loading label="Opening the shared report…" />
        </Frame>
      );
    }
    const problem = sharedLinkProblem(shared.error);
    return (
      <Frame>
        {problem === 'unavailable' ? (
          <ErrorAlert error={shared.error} title="The report could not be loaded" onRetry={shared.reload} />
        ) : (
          <Alert tone="warning" title={sharedLinkMessages[problem].title}>
            {sharedLinkMessages[problem].text}
          </Alert>
        )}
      </Frame>
    );
  }

  const { report, share } = shared.data;
  return (
    <Frame>
      <PageHeader
        title={report.candidate.name}
        description={
          <span className="row">
            <span>
              {report.assessment.title} · {humanize(report.assessment.seniority)}{' '}
              {humanize(report.assessment.role)}
            </span>
            <Badge tone="info">Shared report, read-only</Badge>
            <span className="subtle">Link valid until {formatDateTime(share.expiresAt)}</span>
          </span>
        }
        actions={
          <ButtonAnchor href={endpoints.reports.sharedPdfUrl(token)} download>
            Download PDF
          </ButtonAnchor>
        }
      />
      {report.evaluation ? (
        <Evaluation evaluation={report.evaluation} />
      ) : (
        <Alert tone={report.status === 'failed' ? 'danger' : 'info'} title={humanize(report.status)}>
          {report.statusMessage}
        </Alert>
      )}
      <Questions report={report} />
      <p className="subtle small">Report generated {formatDateTime(report.generatedAt)}.</p>
    </Frame>
  );
}

function Evaluation({ evaluation }: { evaluation: ReportEvaluation }) {
  const recommendation = recommendationLabel[evaluation.recommendation];
  const details = evaluation.details;
  return (
    <>
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
            <dt>Scored</dt>
            <dd>{formatDateTime(evaluation.completedAt)}</dd>
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
          {evaluation.recommendation === 'needs_review' ? (
            <Alert tone="warning" title="A person should decide">
              Confidence is low or the scoring methods disagree: read the evidence before deciding.
            </Alert>
          ) : null}
        </div>
      </Card>
      {evaluation.integrity ? <IntegrityCard integrity={evaluation.integrity} /> : null}
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
            <div className="stack-sm">
              <Progress value={dimension.score / 100} label={`${dimensionLabel(dimension.name)} score`} />
              {dimension.evidence.length === 0 ? (
                <p className="subtle">No evidence recorded.</p>
              ) : (
                <ul className="list-plain">
                  {dimension.evidence.map((evidence, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one answer, never reordered.
                    <li key={`${evidence.kind}-${index}`} className="evidence">
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
                          {evidence.value !== undefined ? (
                            <span>value {formatNumber(evidence.value, 2)}</span>
                          ) : null}
                          {evidence.eventSeq !== undefined ? <span>event #{evidence.eventSeq}</span> : null}
                        </span>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </Card>
        ))}
      </div>
    </>
  );
}

type Question = NonNullable<SharedReport['session']>['questions'][number];

function Questions({ report }: { report: SharedReport }) {
  const session = report.session;
  if (!session) return null;
  const columns: Column<Question>[] = [
    { key: 'position', header: '#', cell: (row) => row.position + 1 },
    { key: 'title', header: 'Question', cell: (row) => row.title },
    { key: 'difficulty', header: 'Difficulty', cell: (row) => humanize(row.difficulty) },
    {
      key: 'tests',
      header: 'Hidden tests',
      cell: (row) =>
        row.hiddenRun ? (
          `${row.hiddenRun.passed}/${row.hiddenRun.total} passed`
        ) : (
          <span className="subtle">{row.submittedAt ? '—' : 'Not submitted'}</span>
        ),
    },
    { key: 'score', header: 'Score', numeric: true, cell: (row) => formatPercent(row.score) },
  ];
  return (
    <Card title="Interview" flush>
      <div style={{ padding: 'var(--space-4) var(--space-5)' }}>
        <dl className="definition-list">
          <dt>Language</dt>
          <dd>{languageLabel(session.language)}</dd>
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
