/** One big figure with its label; `kpi` names it for tests (`__sanrenxing.screen.kpis()`). */
export function Kpi({ kpi, label, value, unit, colour }: { kpi: string; label: string; value: string; unit?: string; colour?: string }) {
  return (
    <div className="kpi">
      <div className="kpi__value" data-kpi={kpi} style={colour ? { color: colour } : undefined}>
        {value}
      </div>
      <div className="kpi__label">
        {label}
        {unit ? <span className="kpi__unit">（{unit}）</span> : null}
      </div>
    </div>
  );
}
