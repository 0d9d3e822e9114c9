/** The organization's assessments (GET /api/assessments): filter by status, search, page by cursor. */
import { useState } from 'react';
import { endpoints } from '../../api/endpoints.ts';
import type { AssessmentStatus, AssessmentView } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { formatMix, seniorityOptions } from '../../lib/difficulty-mix.ts';
import { formatDate, humanize } from '../../lib/format.ts';
import { assessmentStatusTone, languageLabel, roleOptions } from '../../lib/labels.ts';
import { useResource } from '../../lib/use-resource.ts';
import { Link, useQuery, useSetQuery } from '../../router/router.tsx';
import {
  Badge,
  Button,
  ButtonLink,
  Card,
  type Column,
  EmptyState,
  ErrorAlert,
  Input,
  Loading,
  PageHeader,
  Select,
  Table,
} from '../../ui/index.ts';

const statuses: Array<{ value: AssessmentStatus; label: string }> = [
  { value: 'draft', label: 'Draft' },
  { value: 'published', label: 'Published' },
  { value: 'archived', label: 'Archived' },
];

export default function AssessmentsPage() {
  const auth = useAuth();
  const query = useQuery();
  const setQuery = useSetQuery();
  const status = (statuses.find((option) => option.value === query.get('status'))?.value ?? undefined) as
    | AssessmentStatus
    | undefined;
  const search = query.get('q') ?? '';
  const [searchText, setSearchText] = useState(search);
  const [pages, setPages] = useState<string[]>([]);
  const cursor = pages.at(-1);

  const list = useResource(
    () => endpoints.assessments.list({ status, search: search || undefined, limit: 25, cursor }),
    [status, search, cursor],
  );

  const columns: Column<AssessmentView>[] = [
    {
      key: 'title',
      header: 'Title',
      cell: (row) => (
        <div className="stack-sm" style={{ gap: 2 }}>
          <Link to={`/assessments/${row.id}`}>
            <strong>{row.title}</strong>
          </Link>
          <span className="subtle">
            {roleOptions.find((role) => role.value === row.role)?.label ?? row.role} ·{' '}
            {seniorityOptions.find((level) => level.value === row.seniority)?.label ?? row.seniority}
          </span>
        </div>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      cell: (row) => <Badge tone={assessmentStatusTone[row.status]}>{humanize(row.status)}</Badge>,
    },
    { key: 'duration', header: 'Duration', cell: (row) => `${row.durationMinutes} min` },
    {
      key: 'plan',
      header: 'Plan',
      cell: (row) => (
        <span className="small">
          {row.questionPlan.count} questions · {formatMix(row.questionPlan.difficultyMix)}
        </span>
      ),
    },
    { key: 'languages', header: 'Languages', cell: (row) => row.languages.map(languageLabel).join(', ') },
    { key: 'updated', header: 'Updated', cell: (row) => formatDate(row.updatedAt) },
  ];

  const data = list.data;
  const filtered = Boolean(status || search);
  return (
    <>
      <PageHeader
        title="Assessments"
        description="Coding assessments your candidates take, with their plan and AI policy."
        actions={
          auth.can('assessments:write') ? (
            <ButtonLink to="/assessments/new" variant="primary">
              New assessment
            </ButtonLink>
          ) : undefined
        }
      />
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          setPages([]);
          setQuery({ q: searchText.trim() });
        }}
        style={{ alignItems: 'flex-end' }}
      >
        <div style={{ minWidth: 240, flex: 1 }}>
          <Input
            label="Search"
            type="search"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            placeholder="Title"
          />
        </div>
        <div style={{ minWidth: 180 }}>
          <Select
            label="Status"
            value={status ?? ''}
            placeholder="Any status"
            options={statuses}
            onChange={(event) => {
              setPages([]);
              setQuery({ status: event.target.value });
            }}
          />
        </div>
        <Button type="submit">Search</Button>
      </form>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Card flush>
        {!data ? (
          list.loading ? (
            <Loading />
          ) : null
        ) : data.assessments.length === 0 ? (
          filtered ? (
            <EmptyState title="No assessment matches">Change the search or the status filter.</EmptyState>
          ) : (
            <EmptyState
              title="No assessments yet"
              action={
                auth.can('assessments:write') ? (
                  <ButtonLink to="/assessments/new" variant="primary">
                    Create your first assessment
                  </ButtonLink>
                ) : undefined
              }
            >
              An assessment sets the role, seniority, languages, question plan and AI policy candidates get.
            </EmptyState>
          )
        ) : (
          <Table caption="Assessments" columns={columns} rows={data.assessments} rowKey={(row) => row.id} />
        )}
      </Card>
      {data && (pages.length > 0 || data.nextCursor) ? (
        <div className="row-between">
          <span className="subtle">{data.total} in total</span>
          <div className="row">
            <Button
              disabled={pages.length === 0 || list.loading}
              onClick={() => setPages((current) => current.slice(0, -1))}
            >
              Previous
            </Button>
            <Button
              disabled={!data.nextCursor || list.loading}
              onClick={() =>
                data.nextCursor && setPages((current) => [...current, data.nextCursor as string])
              }
            >
              Next
            </Button>
          </div>
        </div>
      ) : null}
    </>
  );
}
