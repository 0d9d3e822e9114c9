/**
 * Operations (`/ops?tab=…`), for platform operators: platform and worker health (refreshed every
 * 10 s), queue depth and dead letters over time, LLM tokens and cost, question cache hit rate, the
 * dead-letter inbox (by queue and failure fingerprint: retry, retry all, discard, clear), the
 * question cache (stats, clear), and the outgoing email outbox.
 * API: GET /api/health, /api/health/workers, /api/admin/metrics, /api/admin/dlq (GET, POST),
 * /api/admin/question-cache (GET, DELETE), /api/admin/outbox.
 */
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { useQuery, useSetQuery } from '../../router/router.tsx';
import { Alert, Button, PageHeader, type TabItem, Tabs } from '../../ui/index.ts';
import { CacheTab, DeadLettersTab, HealthTab, MetricsTab, OutboxTab } from './ops-tabs.tsx';

type Tab = 'health' | 'metrics' | 'dlq' | 'cache' | 'outbox';

const tabs: TabItem<Tab>[] = [
  { id: 'health', label: 'Health' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'dlq', label: 'Dead letters' },
  { id: 'cache', label: 'Question cache' },
  { id: 'outbox', label: 'Outbox' },
];

export default function OpsPage() {
  const auth = useAuth();
  const query = useQuery();
  const setQuery = useSetQuery();
  const active = tabs.find((tab) => tab.id === query.get('tab'))?.id ?? 'health';
  const viaToken = !auth.isOperator && api.hasOperatorToken();
  return (
    <>
      <PageHeader
        title="Operations"
        description="Health of the platform and its background jobs."
        actions={
          <>
            <a className="ui-button ui-button-secondary" href="/admin/queues" target="_blank" rel="noopener">
              Queue dashboard
            </a>
            {viaToken ? (
              <Button
                variant="ghost"
                onClick={() => {
                  api.setOperatorToken(null);
                  window.location.reload();
                }}
              >
                Forget operator token
              </Button>
            ) : null}
          </>
        }
      />
      {viaToken ? <Alert tone="info">Using the operator token of this tab.</Alert> : null}
      <Tabs
        label="Operations sections"
        tabs={tabs}
        active={active}
        onChange={(tab) => setQuery({ tab: tab === 'health' ? undefined : tab })}
      >
        {active === 'health' ? <HealthTab /> : null}
        {active === 'metrics' ? <MetricsTab /> : null}
        {active === 'dlq' ? <DeadLettersTab /> : null}
        {active === 'cache' ? <CacheTab /> : null}
        {active === 'outbox' ? <OutboxTab /> : null}
      </Tabs>
    </>
  );
}
