import { useStrings } from '../../i18n/i18n.ts';
import { shellStrings } from './strings.ts';

/**
 * 导出报告: the printable report (`/report`, client/src/report/) in a new tab. The tab gets the
 * token on its address, which the report takes off at once and keeps for that tab only
 * (auth/token.ts), as this page does with its own link; it is never in an href here, so hovering
 * or copying the button shows no token.
 */
export function ReportButton({ token }: { token: string | null }) {
  const s = useStrings(shellStrings);
  const open = () => {
    const url = new URL('/report', window.location.origin);
    if (token) url.searchParams.set('token', token);
    window.open(url.href, '_blank', 'noopener');
  };
  return (
    <button type="button" className="btn btn--ghost" title={s.reportHint} onClick={open} data-testid="open-report">
      {s.report}
    </button>
  );
}
