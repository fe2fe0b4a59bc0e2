import { useStrings } from '../i18n/i18n.ts';
import { chromeStrings } from './strings.ts';

/** The 投屏演示 switch in the staff header: the big screen follows this map while it is on. */
export function PresentButton({ presenting, available, onToggle }: { presenting: boolean; available: boolean; onToggle: () => void }) {
  const zhStaff = useStrings(chromeStrings);
  return (
    <button
      type="button"
      className={`present${presenting ? ' present--on' : ''}`}
      aria-pressed={presenting}
      disabled={!available && !presenting}
      title={presenting ? zhStaff.present.stopHint : zhStaff.present.startHint}
      onClick={onToggle}
      data-testid="present-toggle"
    >
      <span className="present__dot" aria-hidden="true" />
      {presenting ? zhStaff.present.on : zhStaff.present.off}
    </button>
  );
}
