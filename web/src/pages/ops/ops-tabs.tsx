/** The sections of the operations page. */
import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { endpoints } from '../../api/endpoints.ts';
import type {
  DeadLetterEntry,
  Difficulty,
  MetricsSeries,
  OutboxMessage,
  ProgrammingLanguage,
  QueueFigures,
  QueueName,
} from '../../api/types.ts';
import { queueNames } from '../../api/types.ts';
import { useChartColors } from '../../lib/chart-colors.ts';
import {
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  formatUsd,
  humanize,
} from '../../lib/format.ts';
import { healthTone } from '../../lib/labels.ts';
import { formatTick, historyRanges, pivotSeries, totalOf } from '../../lib/metrics.ts';
import { useAction, useResource } from '../../lib/use-resource.ts';
import {
  Alert,
  Badge,
  Button,
  Card,
  type Column,
  ConfirmDialog,
  Dialog,
  EmptyState,
  ErrorAlert,
  Input,
  Kpi,
  Loading,
  Select,
  Table,
  useToasts,
} from '../../ui/index.ts';

const REFRESH_MS = 10_000;

export function HealthTab() {
  const platform = useResource(() => endpoints.ops.health(), [], { pollMs: REFRESH_MS });
  const workers = useResource(() => endpoints.ops.workers(), [], { pollMs: REFRESH_MS });
  const queues = workers.data
    ? Object.entries(workers.data.queues).map(([name, figures]) => ({ name, figures }))
    : [];
  const columns: Column<{ name: string; figures: QueueFigures | null }>[] = [
    { key: 'name', header: 'Queue', cell: (row) => <code>{row.name}</code> },
    ...(['waiting', 'active', 'delayed', 'failed', 'completed', 'workers'] as const).map((key) => ({
      key,
      header: humanize(key),
      numeric: true,
      cell: (row: { figures: QueueFigures | null }) => (row.figures ? formatNumber(row.figures[key]) : '—'),
    })),
  ];
  const checks = platform.data?.checks;
  return (
    <div className="stack">
      <p className="subtle" aria-live="polite">
        Refreshed every 10 seconds
        {workers.data ? `; last at ${new Date(workers.data.timestamp).toLocaleTimeString()}` : ''}.
      </p>
      {platform.error && !platform.data ? (
        <ErrorAlert error={platform.error} onRetry={platform.reload} />
      ) : null}
      {checks && platform.data ? (
        <div className="grid">
          <Kpi
            label="Platform"
            value={<Badge tone={healthTone[platform.data.status]}>{humanize(platform.data.status)}</Badge>}
            hint={`version ${platform.data.version}, up ${formatDuration(platform.data.uptimeSeconds)}`}
          />
          <Kpi
            label={`Database (${checks.database.kind})`}
            value={
              <Badge tone={checks.database.ok ? 'success' : 'danger'}>
                {checks.database.ok ? 'OK' : 'Down'}
              </Badge>
            }
            hint={
              checks.database.error ??
              (checks.database.latencyMs !== null ? `${checks.database.latencyMs} ms` : undefined)
            }
          />
          <Kpi
            label="Redis"
            value={
              <Badge tone={checks.redis.ok ? 'success' : 'danger'}>{checks.redis.ok ? 'OK' : 'Down'}</Badge>
            }
            hint={
              checks.redis.error ??
              (checks.redis.latencyMs !== null ? `${checks.redis.latencyMs} ms` : undefined)
            }
          />
          {checks.sandbox ? (
            <Kpi
              label="Sandbox"
              value={
                <Badge
                  tone={checks.sandbox.ok ? (checks.sandbox.isolated ? 'success' : 'warning') : 'danger'}
                >
                  {checks.sandbox.ok ? checks.sandbox.driver : 'Unavailable'}
                </Badge>
              }
              hint={`${checks.sandbox.mode}, ${checks.sandbox.active} running, ${checks.sandbox.waiting} waiting${checks.sandbox.notes.length ? ` — ${checks.sandbox.notes.join('; ')}` : ''}`}
            />
          ) : null}
          {checks.llm ? (
            <Kpi
              label="LLM"
              value={
                <Badge
                  tone={
                    checks.llm.breaker === 'closed'
                      ? 'success'
                      : checks.llm.breaker === 'open'
                        ? 'danger'
                        : 'warning'
                  }
                >
                  {checks.llm.provider}
                </Badge>
              }
              hint={`${checks.llm.model}; circuit ${checks.llm.breaker}${checks.llm.consecutiveFailures ? `, ${checks.llm.consecutiveFailures} failures in a row` : ''}`}
            />
          ) : null}
        </div>
      ) : platform.loading ? (
        <Loading />
      ) : null}
      {workers.error && !workers.data ? <ErrorAlert error={workers.error} onRetry={workers.reload} /> : null}
      {workers.data ? (
        <Card
          title="Workers and queues"
          flush
          actions={<Badge tone={healthTone[workers.data.status]}>{humanize(workers.data.status)}</Badge>}
        >
          {workers.data.warnings.length > 0 ? (
            <div className="ui-card-body">
              <Alert tone="warning" title="Warnings">
                <ul style={{ margin: 0 }}>
                  {workers.data.warnings.map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              </Alert>
            </div>
          ) : null}
          {!workers.data.redis.connected ? (
            <div className="ui-card-body">
              <Alert tone="danger" title="Redis is not reachable">
                Queues cannot be read or fed until it is back; jobs wait in their producers.
              </Alert>
            </div>
          ) : null}
          <Table caption="Queues" columns={columns} rows={queues} rowKey={(row) => row.name} />
        </Card>
      ) : null}
    </div>
  );
}

function HistoryChart({
  title,
  series,
  hours,
  byQueue,
  format = (value: number) => formatNumber(value, 2),
  summary,
}: {
  title: string;
  series: MetricsSeries;
  hours: number;
  byQueue?: boolean;
  format?: (value: number) => string;
  summary?: (points: number) => string;
}) {
  const colors = useChartColors();
  const history = useResource(
    () => {
      const to = new Date();
      return endpoints.ops.metrics({
        series,
        from: new Date(to.getTime() - hours * 3_600_000).toISOString(),
        to: to.toISOString(),
      });
    },
    [series, hours],
    { pollMs: 60_000 },
  );
  const pivot = useMemo(
    () => pivotSeries(history.data?.points ?? [], byQueue ? 'queue' : undefined),
    [history.data, byQueue],
  );
  const total = history.data ? totalOf(history.data.points) : 0;
  return (
    <Card
      title={title}
      actions={summary && history.data ? <span className="subtle">{summary(total)}</span> : undefined}
    >
      {history.error ? (
        <ErrorAlert error={history.error} onRetry={history.reload} />
      ) : !history.data ? (
        <Loading />
      ) : pivot.rows.length === 0 ? (
        <EmptyState title="No samples in this range">
          The platform samples its metrics every minute; check back soon.
        </EmptyState>
      ) : (
        <div
          className="chart-box"
          role="img"
          aria-label={`${title}: ${pivot.rows.length} samples for ${pivot.series.join(', ')}`}
        >
          <ResponsiveContainer>
            <LineChart data={pivot.rows} margin={{ right: 16 }}>
              <CartesianGrid stroke={colors.grid} vertical={false} />
              <XAxis
                dataKey="at"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(value: number) => formatTick(value, hours)}
                stroke={colors.text}
                fontSize={12}
              />
              <YAxis
                stroke={colors.text}
                fontSize={12}
                width={56}
                tickFormatter={(value: number) => format(value)}
              />
              <Tooltip
                labelFormatter={(value) => formatDateTime(new Date(Number(value)))}
                formatter={(value) => format(Number(value))}
              />
              {pivot.series.length > 1 ? <Legend /> : null}
              {pivot.series.map((name, index) => (
                <Line
                  key={name}
                  type="monotone"
                  dataKey={name}
                  name={name === 'value' ? title : name}
                  stroke={colors.series[index % colors.series.length]}
                  dot={false}
                  strokeWidth={2}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}

export function MetricsTab() {
  const [hours, setHours] = useState('24');
  const range = Number(hours);
  return (
    <div className="stack">
      <div style={{ maxWidth: 220 }}>
        <Select
          label="Range"
          value={hours}
          options={historyRanges}
          onChange={(event) => setHours(event.target.value)}
        />
      </div>
      <HistoryChart title="Queue depth (waiting + delayed)" series="queue_depth" hours={range} byQueue />
      <HistoryChart title="Dead letters" series="dead_letter_count" hours={range} byQueue />
      <div className="grid-2">
        <HistoryChart
          title="LLM tokens"
          series="llm_tokens"
          hours={range}
          format={(value) => formatNumber(value)}
          summary={(total) => `${formatNumber(total)} in range`}
        />
        <HistoryChart
          title="LLM cost"
          series="llm_cost_usd"
          hours={range}
          format={formatUsd}
          summary={(total) => `${formatUsd(total)} in range`}
        />
      </div>
      <HistoryChart
        title="Question cache hit rate"
        series="question_cache_hit_rate"
        hours={range}
        format={(value) => formatPercent(value)}
      />
    </div>
  );
}

type DlqAction =
  | { action: 'retry' | 'discard'; queue: QueueName; jobId: string }
  | { action: 'clear'; queue: QueueName }
  | { action: 'retry-all'; queue: QueueName; fingerprint?: string };

function describeAction(action: DlqAction): string {
  if (action.action === 'retry-all') {
    return action.fingerprint
      ? `Retry every dead job of ${action.queue} with fingerprint ${action.fingerprint.slice(0, 12)}?`
      : `Retry every dead job of ${action.queue}?`;
  }
  if (action.action === 'clear') return `Discard every dead job of ${action.queue}?`;
  return `${action.action === 'retry' ? 'Retry' : 'Discard'} job ${action.jobId} of ${action.queue}?`;
}

export function DeadLettersTab() {
  const toasts = useToasts();
  const stats = useResource(() => endpoints.ops.deadLetterStats(), []);
  const [queue, setQueue] = useState<QueueName | ''>('');
  const [fingerprint, setFingerprint] = useState('');
  const jobs = useResource(
    () => (queue ? endpoints.ops.deadLetters(queue, 200) : Promise.resolve(undefined)),
    [queue],
  );
  const [pending, setPending] = useState<DlqAction | undefined>();
  const [inspecting, setInspecting] = useState<DeadLetterEntry | undefined>();
  const run = useAction(
    async () => {
      if (!pending) return;
      const result = await endpoints.ops.deadLetterAction(pending);
      const failed = result.failed?.length ?? 0;
      const done =
        result.retriedCount !== undefined
          ? `${result.retriedCount} job(s) sent back to ${result.queue}`
          : result.clearedCount !== undefined
            ? `${result.clearedCount} job(s) discarded`
            : result.retried
              ? 'Job sent back to its queue'
              : result.discarded
                ? 'Job discarded'
                : 'Done';
      if (failed > 0) toasts.info(done, `${failed} could not be retried: ${result.failed?.[0]?.error ?? ''}`);
      else toasts.success(done);
      setPending(undefined);
      stats.reload();
      jobs.reload();
    },
    { onError: (error) => toasts.error(error, 'The action failed') },
  );

  const visible = (jobs.data?.jobs ?? []).filter((job) => !fingerprint || job.fingerprint === fingerprint);
  const columns: Column<DeadLetterEntry>[] = [
    {
      key: 'job',
      header: 'Job',
      cell: (row) => (
        <span className="mono">
          {row.name} #{row.jobId}
        </span>
      ),
    },
    {
      key: 'error',
      header: 'Error',
      cell: (row) => (
        <span className="small">
          <strong>{row.error.name}</strong>: {row.error.message.slice(0, 160)}
        </span>
      ),
    },
    { key: 'attempts', header: 'Attempts', numeric: true, cell: (row) => row.attemptsMade },
    {
      key: 'failed',
      header: 'Failed',
      cell: (row) => <span title={row.failedAt}>{formatRelative(row.failedAt)}</span>,
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (row) => (
        <div className="row" style={{ gap: 'var(--space-2)' }}>
          <Button size="sm" onClick={() => setInspecting(row)}>
            Details
          </Button>
          <Button
            size="sm"
            onClick={() => setPending({ action: 'retry', queue: row.queue as QueueName, jobId: row.jobId })}
          >
            Retry
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => setPending({ action: 'discard', queue: row.queue as QueueName, jobId: row.jobId })}
          >
            Discard
          </Button>
        </div>
      ),
    },
  ];

  const data = stats.data?.stats;
  return (
    <div className="stack">
      {stats.error ? <ErrorAlert error={stats.error} onRetry={stats.reload} /> : null}
      {!data ? (
        stats.loading ? (
          <Loading />
        ) : null
      ) : (
        <>
          <div className="grid">
            <Kpi label="Dead jobs" value={formatNumber(data.totalCount)} />
            {queueNames.map((name) => {
              const figures = data.queues[name];
              return (
                <Kpi
                  key={name}
                  label={name}
                  value={
                    // The visible count starts the accessible name (WCAG 2.5.3, label in name).
                    <Button variant="ghost" onClick={() => setQueue(name)}>
                      {formatNumber(figures?.count ?? 0)}
                      <span className="sr-only"> dead in {name}: show the jobs</span>
                    </Button>
                  }
                  hint={figures?.newestFailure ? `latest ${formatRelative(figures.newestFailure)}` : 'none'}
                />
              );
            })}
          </div>
          <Card title="Failure patterns" flush>
            {data.fingerprints.length === 0 ? (
              <EmptyState title="No failures">
                Jobs that exhaust their retries land here, grouped by cause.
              </EmptyState>
            ) : (
              <Table
                caption="Failure patterns by fingerprint"
                rows={data.fingerprints}
                rowKey={(row) => row.fingerprint}
                columns={[
                  {
                    key: 'fingerprint',
                    header: 'Fingerprint',
                    cell: (row) => <code>{row.fingerprint.slice(0, 12)}</code>,
                  },
                  {
                    key: 'example',
                    header: 'Example',
                    cell: (row) => <span className="small">{row.example.error.slice(0, 160)}</span>,
                  },
                  { key: 'count', header: 'Jobs', numeric: true, cell: (row) => row.count },
                  { key: 'queues', header: 'Queues', cell: (row) => row.queues.join(', ') },
                  { key: 'last', header: 'Last seen', cell: (row) => formatRelative(row.lastSeen) },
                  {
                    key: 'actions',
                    header: 'Actions',
                    cell: (row) => (
                      <div className="row" style={{ gap: 'var(--space-2)' }}>
                        <Button
                          size="sm"
                          onClick={() => {
                            setQueue(row.example.queue as QueueName);
                            setFingerprint(row.fingerprint);
                          }}
                        >
                          Show jobs
                        </Button>
                        {row.queues.map((name) => (
                          <Button
                            key={name}
                            size="sm"
                            variant="ghost"
                            onClick={() =>
                              setPending({
                                action: 'retry-all',
                                queue: name as QueueName,
                                fingerprint: row.fingerprint,
                              })
                            }
                          >
                            Retry all{row.queues.length > 1 ? ` (${name})` : ''}
                          </Button>
                        ))}
                      </div>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </>
      )}
      <Card
        title="Dead jobs"
        flush
        actions={
          queue ? (
            <>
              <Button
                size="sm"
                onClick={() =>
                  setPending({ action: 'retry-all', queue, ...(fingerprint ? { fingerprint } : {}) })
                }
              >
                Retry all{fingerprint ? ' with this fingerprint' : ''}
              </Button>
              <Button size="sm" variant="danger" onClick={() => setPending({ action: 'clear', queue })}>
                Clear queue
              </Button>
            </>
          ) : undefined
        }
      >
        <div className="row" style={{ padding: 'var(--space-4) var(--space-5)', alignItems: 'flex-end' }}>
          <div style={{ minWidth: 220 }}>
            <Select
              label="Queue"
              value={queue}
              placeholder="Choose a queue"
              options={queueNames.map((name) => ({ value: name, label: name }))}
              onChange={(event) => {
                setQueue(event.target.value as QueueName | '');
                setFingerprint('');
              }}
            />
          </div>
          {fingerprint ? (
            <Button size="sm" variant="ghost" onClick={() => setFingerprint('')}>
              Fingerprint {fingerprint.slice(0, 12)} ✕
            </Button>
          ) : null}
        </div>
        {jobs.error ? (
          <div className="ui-card-body">
            <ErrorAlert error={jobs.error} onRetry={jobs.reload} />
          </div>
        ) : !queue ? null : !jobs.data ? (
          <Loading />
        ) : visible.length === 0 ? (
          <EmptyState title="No dead jobs here" />
        ) : (
          <Table
            caption={`Dead jobs of ${queue}`}
            columns={columns}
            rows={visible}
            rowKey={(row) => `${row.queue}-${row.jobId}`}
          />
        )}
      </Card>
      <ConfirmDialog
        open={pending !== undefined}
        title={pending ? describeAction(pending) : ''}
        confirmLabel={pending?.action === 'clear' || pending?.action === 'discard' ? 'Discard' : 'Retry'}
        danger={pending?.action === 'clear' || pending?.action === 'discard'}
        busy={run.busy}
        onClose={() => setPending(undefined)}
        onConfirm={() => void run.run()}
      >
        <p>
          {pending?.action === 'clear' || pending?.action === 'discard'
            ? 'Discarded jobs are removed from the inbox; the database keeps the audit row.'
            : 'Retried jobs go back to their queue with fresh attempts. Fix the cause first, or they will land here again.'}
        </p>
      </ConfirmDialog>
      <Dialog
        open={inspecting !== undefined}
        onClose={() => setInspecting(undefined)}
        wide
        title={inspecting ? `${inspecting.name} #${inspecting.jobId}` : ''}
      >
        {inspecting ? (
          <>
            <dl className="definition-list">
              <dt>Queue</dt>
              <dd>{inspecting.queue}</dd>
              <dt>Failed</dt>
              <dd>{formatDateTime(inspecting.failedAt)}</dd>
              <dt>Attempts</dt>
              <dd>{inspecting.attemptsMade}</dd>
              <dt>Fingerprint</dt>
              <dd className="mono break">{inspecting.fingerprint}</dd>
            </dl>
            <strong>Error</strong>
            <pre className="evidence mono">{`${inspecting.error.name}: ${inspecting.error.message}\n${inspecting.error.stack ?? ''}`}</pre>
            <strong>Payload</strong>
            <pre className="evidence mono">{JSON.stringify(inspecting.data, null, 2)}</pre>
          </>
        ) : null}
      </Dialog>
    </div>
  );
}

export function CacheTab() {
  const toasts = useToasts();
  const cache = useResource(() => endpoints.ops.questionCache(), []);
  const [difficulty, setDifficulty] = useState<Difficulty | ''>('');
  const [language, setLanguage] = useState<ProgrammingLanguage | ''>('');
  const [confirming, setConfirming] = useState(false);
  const clear = useAction(
    async () => {
      const answer = await endpoints.ops.clearQuestionCache({
        ...(difficulty ? { difficulty } : {}),
        ...(language ? { language } : {}),
      });
      toasts.success(`${answer.cleared} cache key(s) cleared`);
      setConfirming(false);
      cache.reload();
    },
    { onError: (error) => toasts.error(error, 'Cache not cleared') },
  );
  const stats = cache.data?.stats;
  const scope = [difficulty, language].filter(Boolean).join(' ') || 'whole';
  return (
    <div className="stack">
      {cache.error ? <ErrorAlert error={cache.error} onRetry={cache.reload} /> : null}
      {!stats ? (
        cache.loading ? (
          <Loading />
        ) : null
      ) : (
        <>
          <div className="grid">
            <Kpi
              label="Hit rate"
              value={formatPercent(stats.hitRate, 1)}
              hint={`${formatNumber(stats.hits)} hits, ${formatNumber(stats.misses)} misses`}
            />
            <Kpi
              label="Cached questions"
              value={formatNumber(stats.totalQuestions)}
              hint={`${formatNumber(stats.totalKeys)} keys`}
            />
            <Kpi
              label="By difficulty"
              value={
                <span className="small">{`${stats.byDifficulty.easy} easy · ${stats.byDifficulty.medium} medium · ${stats.byDifficulty.hard} hard`}</span>
              }
            />
            <Kpi
              label="By language"
              value={
                <span className="small">{`${stats.byLanguage.python} Python · ${stats.byLanguage.javascript} JS · ${stats.byLanguage.typescript} TS`}</span>
              }
            />
          </div>
          <Card title="Clear the cache">
            <div className="row" style={{ alignItems: 'flex-end' }}>
              <div style={{ minWidth: 180 }}>
                <Select
                  label="Difficulty"
                  value={difficulty}
                  placeholder="All"
                  options={['easy', 'medium', 'hard'].map((value) => ({ value, label: humanize(value) }))}
                  onChange={(event) => setDifficulty(event.target.value as Difficulty | '')}
                />
              </div>
              <div style={{ minWidth: 180 }}>
                <Select
                  label="Language"
                  value={language}
                  placeholder="All"
                  options={['python', 'javascript', 'typescript'].map((value) => ({
                    value,
                    label: humanize(value),
                  }))}
                  onChange={(event) => setLanguage(event.target.value as ProgrammingLanguage | '')}
                />
              </div>
              <Button variant="danger" onClick={() => setConfirming(true)}>
                Clear
              </Button>
            </div>
          </Card>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Clear the ${scope} question cache?`}
        confirmLabel="Clear"
        danger
        busy={clear.busy}
        onClose={() => setConfirming(false)}
        onConfirm={() => void clear.run()}
      >
        <p>
          Cached generated questions are dropped; the next candidates wait for new ones to be generated and
          proved.
        </p>
      </ConfirmDialog>
    </div>
  );
}

export function OutboxTab() {
  const [to, setTo] = useState('');
  const [filter, setFilter] = useState('');
  const outbox = useResource(
    () => endpoints.ops.outbox({ limit: 100, ...(filter ? { to: filter } : {}) }),
    [filter],
  );
  const [reading, setReading] = useState<OutboxMessage | undefined>();
  const columns: Column<OutboxMessage>[] = [
    { key: 'when', header: 'Created', cell: (row) => formatDateTime(row.createdAt) },
    { key: 'to', header: 'To', cell: (row) => <span className="break">{row.to}</span> },
    { key: 'subject', header: 'Subject', cell: (row) => row.subject },
    {
      key: 'status',
      header: 'Status',
      cell: (row) => (
        <Badge
          tone={row.status === 'sent' ? 'success' : row.status === 'failed' ? 'danger' : 'neutral'}
          title={row.lastError ?? undefined}
        >
          {humanize(row.status)}
        </Badge>
      ),
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (row) => (
        <Button size="sm" onClick={() => setReading(row)}>
          Read
        </Button>
      ),
    },
  ];
  return (
    <div className="stack">
      <p className="muted">
        Every outgoing email. Without SMTP this is the development outbox: invitation, reset and teammate
        links are here.
      </p>
      <form
        className="row"
        style={{ alignItems: 'flex-end' }}
        onSubmit={(event) => {
          event.preventDefault();
          setFilter(to.trim());
        }}
      >
        <div style={{ minWidth: 260 }}>
          <Input label="Recipient" type="email" value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
        <Button type="submit">Filter</Button>
      </form>
      <Card flush>
        {outbox.error ? (
          <div className="ui-card-body">
            <ErrorAlert error={outbox.error} onRetry={outbox.reload} />
          </div>
        ) : !outbox.data ? (
          <Loading />
        ) : outbox.data.messages.length === 0 ? (
          <EmptyState title="No emails" />
        ) : (
          <Table
            caption="Outgoing email"
            columns={columns}
            rows={outbox.data.messages}
            rowKey={(row) => row.id}
          />
        )}
      </Card>
      <Dialog
        open={reading !== undefined}
        onClose={() => setReading(undefined)}
        wide
        title={reading?.subject ?? ''}
      >
        {reading ? (
          <>
            <p className="subtle">
              To {reading.to} · {formatDateTime(reading.createdAt)} · {humanize(reading.status)}
              {reading.lastError ? ` · ${reading.lastError}` : ''}
            </p>
            <pre className="evidence">{reading.text}</pre>
          </>
        ) : null}
      </Dialog>
    </div>
  );
}
