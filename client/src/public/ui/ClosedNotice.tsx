import { usePublicWords } from '../words.ts';

/** The public link was switched off while the page was open (4410), or is not offered at all. */
export function ClosedNotice() {
  const w = usePublicWords();
  return (
    <div className="closed" role="alert" data-testid="public-closed">
      <h1>{w.closedTitle}</h1>
      <p>{w.closedText}</p>
    </div>
  );
}
