/**
 * The recruiter dashboard (GET /api/dashboard): KPIs, the pipeline funnel, the score distribution
 * and a row per assessment for a period, optionally for one assessment; recent activity from the
 * audit log (GET /api/audit) for those allowed to read it.
 */
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { endpoints } from '../../api/endpoints.ts';
import type { AuditEntry, Dashboard } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { useChartColors } from '../../lib/chart-colors.ts';
import { formatDuration, formatNumber, formatPercent, formatRelative, humanize } from '../../lib/format.ts';
import { candidateStatusLabel } from '../../lib/labels.ts';
import { useResource } from '../../lib/use-resource.ts';
import { Link, useQuery, useSetQuery } from '../../router/router.tsx';
import {
  ButtonLink,
  Card,
  type Column,
  EmptyState,
  ErrorAlert,
  Kpi,
  Loading,
  PageHeader,
  Select,
  Table,
} from '../../ui/index.ts';

const periods = [
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
  { value: '365', label: 'Last 12 months' },
];

/** The request range of a period in days, ending now (rounded to the minute so reloads share a key). */
function rangeOf(days: number): { from: string; to: string } {
  const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  const from = new Date(to.getTime() - days * 86_400_000);
  return { from: from.toISOString(), to: to.toISOString() };
}

export default function DashboardPage() {
  const auth = useAuth();
  const query = useQuery();
  const setQuery = useSetQuery();
  const days = periods.some((period) => period.value === query.get('days')) ? Number(query.get('days')) : 30;
  const assessmentId = query.get('assessment') ?? '';

  const dashboard = useResource(
    (signal) =>
      endpoints.dashboard.get({ ...rangeOf(days), ...(assessmentId ? { assessmentId } : {}) }, signal),
    [days, assessmentId],
  );
  const assessments = useResource(() => endpoints.assessments.list({ limit: 100 }), []);
  const canAudit = auth.can('audit:read');
  const activity = useResource(() => endpoints.audit.list({ limit: 8 }), [], { enabled: canAudit });

  const data = dashboard.data;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={auth.me?.organization ? `Hiring at ${auth.me.organization.name}` : undefined}
        actions={
          auth.can('assessments:write') ? (
            <ButtonLink to="/assessments/new" variant="primary">
              New assessment
            </ButtonLink>
          ) : undefined
        }
      />
      <div className="row">
        <div style={{ minWidth: 180 }}>
          <Select
            label="Period"
            value={String(days)}
            options={periods}
            onChange={(event) =>
              setQuery({ days: event.target.value === '30' ? undefined : event.target.value })
            }
          />
        </div>
        <div style={{ minWidth: 240 }}>
          <Select
            label="Assessment"
            value={assessmentId}
            placeholder="All assessments"
            options={(assessments.data?.assessments ?? []).map((assessment) => ({
              value: assessment.id,
              label: assessment.title,
            }))}
            onChange={(event) => setQuery({ assessment: event.target.value })}
          />
        </div>
      </div>
      {dashboard.error ? <ErrorAlert error={dashboard.error} onRetry={dashboard.reload} /> : null}
      {!data && dashboard.loading ? <Loading label="Loading the figures…" /> : null}
      {data ? <DashboardBody data={data} /> : null}
      {canAudit ? (
        <Card title="Recent activity" flush>
          {activity.error ? (
            <div className="ui-card-body">
              <ErrorAlert error={activity.error} onRetry={activity.reload} />
            </div>
          ) : !activity.data ? (
            <Loading />
          ) : activity.data.entries.length === 0 ? (
            <EmptyState title="Nothing yet">
              Changes to assessments, candidates and members appear here.
            </EmptyState>
          ) : (
            <ActivityList entries={activity.data.entries} />
          )}
        </Card>
      ) : null}
    </>
  );
}

function DashboardBody({ data }: { data: Dashboard }) {
  const colors = useChartColors();
  const { kpis } = data;
  const funnel = useMemo(
    () => data.funnel.map((stage) => ({ ...stage, label: candidateStatusLabel(stage.stage).label })),
    [data.funnel],
  );
  const anyCandidates = kpis.candidatesInvited > 0;
  const assessmentColumns: Column<Dashboard['assessments'][number]>[] = [
    {
      key: 'title',
      header: 'Assessment',
      cell: (row) => <Link to={`/assessments/${row.assessmentId}`}>{row.title}</Link>,
    },
    { key: 'invited', header: 'Invited', numeric: true, cell: (row) => formatNumber(row.invited) },
    { key: 'completed', header: 'Completed', numeric: true, cell: (row) => formatNumber(row.completed) },
    {
      key: 'rate',
      header: 'Completion',
      numeric: true,
      cell: (row) => (row.invited === 0 ? '—' : formatPercent(row.completed / row.invited)),
    },
    {
      key: 'score',
      header: 'Average score',
      numeric: true,
      cell: (row) => formatNumber(row.averageScore, 1),
    },
  ];

  return (
    <>
      <div className="grid">
        <Kpi label="Candidates invited" value={formatNumber(kpis.candidatesInvited)} />
        <Kpi label="Interviews started" value={formatNumber(kpis.interviewsStarted)} />
        <Kpi
          label="Completion rate"
          value={formatPercent(kpis.completionRate)}
          hint={`${formatNumber(kpis.interviewsCompleted)} completed`}
        />
        <Kpi
          label="Median time to complete"
          value={
            kpis.medianMinutesToComplete === null ? '—' : formatDuration(kpis.medianMinutesToComplete * 60)
          }
        />
        <Kpi
          label="Average score"
          value={formatNumber(kpis.averageScore, 1)}
          hint={`${formatNumber(kpis.evaluated)} evaluated`}
        />
      </div>
      {!anyCandidates ? (
        <Card>
          <EmptyState
            title="No candidates in this period"
            action={
              <ButtonLink to="/assessments" variant="primary">
                Invite candidates
              </ButtonLink>
            }
          >
            Publish an assessment and invite candidates; the funnel and scores fill in as they take it.
          </EmptyState>
        </Card>
      ) : (
        <div className="grid-2">
          <Card title="Pipeline">
            <div
              className="chart-box"
              role="img"
              aria-label={funnel.map((stage) => `${stage.label}: ${stage.count}`).join(', ')}
            >
              <ResponsiveContainer>
                <BarChart data={funnel} layout="vertical" margin={{ left: 16, right: 24 }}>
                  <CartesianGrid stroke={colors.grid} horizontal={false} />
                  <XAxis type="number" allowDecimals={false} stroke={colors.text} fontSize={12} />
                  <YAxis type="category" dataKey="label" width={90} stroke={colors.text} fontSize={12} />
                  <Tooltip cursor={{ fill: colors.grid, opacity: 0.3 }} />
                  <Bar dataKey="count" name="Candidates" radius={[0, 4, 4, 0]}>
                    {funnel.map((stage, index) => (
                      <Cell
                        key={stage.stage}
                        fill={colors.series[index < 4 ? 0 : stage.stage === 'REJECTED' ? 4 : 2]}
                      />
                    ))}
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
          <Card title="Score distribution">
            <div
              className="chart-box"
              role="img"
              aria-label={`Scores: ${data.scoreDistribution.map((bucket) => `${bucket.bucket}: ${bucket.count}`).join(', ')}`}
            >
              <ResponsiveContainer>
                <BarChart data={data.scoreDistribution} margin={{ right: 16 }}>
                  <CartesianGrid stroke={colors.grid} vertical={false} />
                  <XAxis dataKey="bucket" stroke={colors.text} fontSize={12} />
                  <YAxis allowDecimals={false} stroke={colors.text} fontSize={12} width={32} />
                  <Tooltip cursor={{ fill: colors.grid, opacity: 0.3 }} />
                  <Bar dataKey="count" name="Candidates" fill={colors.series[1]} radius={[4, 4, 0, 0]} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
        </div>
      )}
      <Card title="By assessment" flush>
        {data.assessments.length === 0 ? (
          <EmptyState
            title="No assessments yet"
            action={
              <ButtonLink to="/assessments/new" variant="primary">
                Create an assessment
              </ButtonLink>
            }
          />
        ) : (
          <Table
            caption="Figures per assessment"
            columns={assessmentColumns}
            rows={data.assessments}
            rowKey={(row) => row.assessmentId}
          />
        )}
      </Card>
    </>
  );
}

function ActivityList({ entries }: { entries: AuditEntry[] }) {
  return (
    <ul className="list-plain" style={{ padding: 'var(--space-4) var(--space-5)' }}>
      {entries.map((entry) => (
        <li key={entry.id} className="row-between small">
          <span>
            <strong>{humanize(entry.action.replace('.', ' '))}</strong>
            {entry.targetType ? <span className="subtle"> · {humanize(entry.targetType)}</span> : null}
            {entry.actorKind === 'api_key' ? <span className="subtle"> · via API key</span> : null}
          </span>
          <time className="subtle" dateTime={entry.createdAt} title={entry.createdAt}>
            {formatRelative(entry.createdAt)}
          </time>
        </li>
      ))}
    </ul>
  );
}
