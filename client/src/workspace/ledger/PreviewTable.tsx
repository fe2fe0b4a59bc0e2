import { useMemo, useState } from 'react';
import type { ImportPreview, PreviewRow, RowStatus } from '../../ledger/index.ts';
import { useStrings } from '../../i18n/i18n.ts';
import { ledgerStrings } from './strings.ts';

/** Rendering tens of thousands of table rows would freeze the tab; the counts above stay complete. */
const MAX_SHOWN = 500;
const STATUSES: RowStatus[] = ['new', 'update', 'unchanged', 'error'];

/** The preview: counts per status, sheet-level problems, and each row with its errors (row numbers as in the sheet). */
export function PreviewTable({ preview }: { preview: ImportPreview }) {
  const s = useStrings(ledgerStrings);
  const [onlyErrors, setOnlyErrors] = useState(false);
  const manySheets = preview.sheets.length > 1;

  const shown = useMemo(() => {
    const rows = onlyErrors ? preview.rows.filter((r) => r.status === 'error') : preview.rows;
    if (rows.length <= MAX_SHOWN) return rows;
    return [...rows.filter((r) => r.status === 'error'), ...rows.filter((r) => r.status !== 'error')].slice(0, MAX_SHOWN);
  }, [preview, onlyErrors]);
  const listed = onlyErrors ? preview.counts.error : preview.counts.total;

  return (
    <div className="ledger-preview">
      <ul className="ledger-counts" aria-label={s.total(preview.counts.total)}>
        {STATUSES.map((status) => (
          <li key={status} className={`ledger-count ledger-count--${status}`} data-testid={`ledger-count-${status}`}>
            <span>{s.counts[status]}</span> <strong>{preview.counts[status]}</strong>
          </li>
        ))}
      </ul>

      {preview.sheets.map((sheet) => (
        <div key={sheet.sheet}>
          {sheet.error && (
            <p className="ledger-problem" role="alert" data-testid="ledger-sheet-error">
              {s.sheetError(sheet.sheet, sheet.error)}
            </p>
          )}
          {sheet.ignoredColumns.length > 0 && <p className="ws-muted">{s.ignoredColumns(sheet.sheet, sheet.ignoredColumns.join('、'))}</p>}
          {sheet.problems.map((problem) => (
            <p key={problem} className="ledger-problem">
              {s.sheetError(sheet.sheet, problem)}
            </p>
          ))}
        </div>
      ))}

      {preview.counts.error > 0 && (
        <label className="ledger-check">
          <input type="checkbox" checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)} data-testid="ledger-only-errors" />
          {s.onlyErrors}
        </label>
      )}
      {shown.length < listed && <p className="ws-muted">{s.truncated(shown.length, listed)}</p>}

      {shown.length > 0 && (
        <div className="ledger-tablewrap">
          <table className="ws-table ledger-table" data-testid="ledger-preview">
            <thead>
              <tr>
                <th scope="col">{s.columns.row}</th>
                <th scope="col">{s.columns.status}</th>
                <th scope="col">{s.columns.name}</th>
                <th scope="col">{s.columns.problems}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <PreviewLine key={`${row.sheet}\u0000${row.row}`} row={row} manySheets={manySheets} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function PreviewLine({ row, manySheets }: { row: PreviewRow; manySheets: boolean }) {
  const s = useStrings(ledgerStrings);
  return (
    <tr className={`ledger-row ledger-row--${row.status}`} data-testid="ledger-row" data-sheet={row.sheet} data-row={row.row} data-status={row.status}>
      <td className="ledger-row__num">{s.rowLabel(row.sheet, row.row, manySheets)}</td>
      <td>
        <span className={`ledger-badge ledger-badge--${row.status}`}>{s.status[row.status]}</span>
      </td>
      <td>
        <div>{row.name || <span className="ws-muted">{s.noName}</span>}</div>
        <div className="ledger-row__id">{row.id}</div>
      </td>
      <td>
        {row.errors.length > 0 && (
          <ul className="ledger-errors" data-testid="ledger-row-errors">
            {row.errors.map((error, i) => (
              <li key={i}>
                <strong>{error.column}</strong>：{error.message}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
