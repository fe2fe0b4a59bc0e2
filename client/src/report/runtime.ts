import { fetchSession } from '../api/session.ts';
import { staffRecords } from '../data/record.ts';
import { baseProperties } from '../map/layers/common.ts';
import type { DrawnLayer } from '../map/layers/types.ts';
import { createRuntime, projectors, type Runtime } from '../runtime.ts';

/** Needs are kept as on the big screen: never drawn, but counted and listed. */
export type ReportLayer = DrawnLayer | 'need';
export type ReportRuntime = Runtime<ReportLayer>;

/**
 * The report page's non-React objects: the rooms of the staff token (every room it may read, as
 * the screen reads them) and the merged feature view with needs. Read-only: the page writes nothing.
 */
export function createReportRuntime(token: string | null): ReportRuntime {
  return createRuntime<ReportLayer>({
    token,
    projectors: { ...projectors(), need: baseProperties },
    reader: staffRecords,
    fetchSession,
  });
}
