/** The hiring funnel from candidates' current statuses: how many reached each stage. Pure. */

export const pipeline = ['INVITED', 'IN_PROGRESS', 'COMPLETED', 'EVALUATED'] as const;
export const outcomes = ['ADVANCED', 'REJECTED', 'HIRED'] as const;
export type CandidateStatus = (typeof pipeline)[number] | (typeof outcomes)[number];

/** A candidate in an outcome has passed every pipeline stage. */
const stageIndex: Record<CandidateStatus, number> = {
  INVITED: 0,
  IN_PROGRESS: 1,
  COMPLETED: 2,
  EVALUATED: 3,
  ADVANCED: 4,
  REJECTED: 4,
  HIRED: 4,
};

/** Candidates that reached each stage (a later status counts for every earlier stage), then outcomes. */
export function funnelOf(
  counts: Partial<Record<CandidateStatus, number>>,
): Array<{ stage: string; count: number }> {
  const reached = pipeline.map((stage, index) => ({
    stage,
    count: Object.entries(counts).reduce(
      (sum, [status, count]) => sum + (stageIndex[status as CandidateStatus] >= index ? (count ?? 0) : 0),
      0,
    ),
  }));
  return [...reached, ...outcomes.map((stage) => ({ stage, count: counts[stage] ?? 0 }))];
}

/** Scores 0–100 in ten buckets of 10 (100 falls in the last). */
export function scoreBuckets(scores: readonly number[]): Array<{ bucket: string; count: number }> {
  const buckets = Array.from({ length: 10 }, (_, index) => ({
    bucket: `${index * 10}-${index * 10 + 10}`,
    count: 0,
  }));
  for (const score of scores) {
    const index = Math.min(9, Math.max(0, Math.floor(score / 10)));
    const bucket = buckets[index];
    if (bucket) bucket.count += 1;
  }
  return buckets;
}
