import type { ReactNode } from 'react';
import { FlipText } from './FlipText.tsx';

/**
 * One big figure with its label; `kpi` names it for tests (`__sanrenxing.screen.kpis()`). The
 * figure rolls when it changes (FlipText); `children` go under the label (the year's 同比).
 */
export function Kpi({ kpi, label, value, unit, colour, children }: { kpi: string; label: string; value: string; unit?: string; colour?: string; children?: ReactNode }) {
  return (
    <div className="kpi">
      <div className="kpi__value" data-kpi={kpi} style={colour ? { color: colour } : undefined}>
        <FlipText text={value} />
      </div>
      <div className="kpi__label">
        {label}
        {unit ? <span className="kpi__unit">（{unit}）</span> : null}
      </div>
      {children}
    </div>
  );
}
