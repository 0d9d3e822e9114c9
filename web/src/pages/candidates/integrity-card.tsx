/**
 * The integrity part of a report: the risk level and each signal with its severity. Shared by the
 * recruiter's report (where a signal links into the replay) and the public shared report (where
 * it does not: a shared link opens no replay).
 */
import type { ReactNode } from 'react';
import type { ReportEvaluation } from '../../api/types.ts';
import { humanize } from '../../lib/format.ts';
import { riskTone } from '../../lib/labels.ts';
import { Badge, Card } from '../../ui/index.ts';

type Integrity = NonNullable<ReportEvaluation['integrity']>;

export function IntegrityCard({
  integrity,
  eventLabel,
}: {
  integrity: Integrity;
  /** How a signal's event is shown (a replay link for recruiters); default: its number. */
  eventLabel?: (eventSeq: number) => ReactNode;
}) {
  return (
    <Card
      title="Integrity"
      actions={<Badge tone={riskTone[integrity.riskLevel]}>Risk: {humanize(integrity.riskLevel)}</Badge>}
    >
      {integrity.signals.length === 0 ? (
        <p className="subtle">No integrity signals.</p>
      ) : (
        <div className="stack">
          <p className="subtle">Signals to look at, never an automatic rejection.</p>
          <ul className="list-plain">
            {integrity.signals.map((signal, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one answer, never reordered.
              <li key={`${signal.kind}-${index}`} className="evidence">
                <div className="stack-sm" style={{ gap: 2 }}>
                  <span>{signal.summary}</span>
                  <span className="row subtle" style={{ gap: 'var(--space-2)' }}>
                    <Badge tone={riskTone[signal.severity]}>{humanize(signal.severity)}</Badge>
                    <span>{humanize(signal.kind)}</span>
                    {signal.eventSeq !== undefined
                      ? (eventLabel?.(signal.eventSeq) ?? <span>event #{signal.eventSeq}</span>)
                      : null}
                    {signal.relatedSessionId ? <span>similar to another candidate's session</span> : null}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
