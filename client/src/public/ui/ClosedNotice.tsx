import { zhPublic } from '../../i18n/zhPublic.ts';

/** The public link was switched off while the page was open (4410), or is not offered at all. */
export function ClosedNotice() {
  return (
    <div className="closed" role="alert" data-testid="public-closed">
      <h1>{zhPublic.closedTitle}</h1>
      <p>{zhPublic.closedText}</p>
    </div>
  );
}
