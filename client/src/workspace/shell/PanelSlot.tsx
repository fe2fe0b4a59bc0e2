import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import type { Workspace } from '../workspace.ts';
import { shellStrings } from './strings.ts';

/** A side-panel tab's view; `retry` (lazy ones) asks for its code again after a failed load. */
export type PanelView = ComponentType<{ ws: Workspace }> & { retry?: () => void };

/**
 * A tab whose code loads when it is first opened: the table, the charts (recharts), the ledger's
 * import and export (papaparse; exceljs later still), history, review, matching and settings stay
 * out of the page's first scripts, which a phone on a slow link waits for before it shows anything.
 * React.lazy keeps a failed load failed, so `retry` makes a fresh one (a dropped network, a deploy).
 */
export function lazyPanel<M>(load: () => Promise<M>, pick: (module: M) => ComponentType<{ ws: Workspace }>): PanelView {
  const make = () => lazy(() => load().then((m) => ({ default: pick(m) })));
  let Loaded = make();
  const View: PanelView = ({ ws }) => <Loaded ws={ws} />;
  View.retry = () => void (Loaded = make());
  return View;
}

/** The open tab's view: 正在加载… while its code arrives, and a way to try again if it does not. */
export function PanelSlot({ view, ws }: { view: PanelView; ws: Workspace }) {
  const s = useStrings(shellStrings);
  const View = view;
  return (
    <PanelBoundary onRetry={() => view.retry?.()}>
      <Suspense
        fallback={
          <p className="ws-muted" role="status" data-testid="panel-loading">
            {s.panelLoading}
          </p>
        }
      >
        <View ws={ws} />
      </Suspense>
    </PanelBoundary>
  );
}

function PanelFailed({ onRetry }: { onRetry: () => void }) {
  const s = useStrings(shellStrings);
  return (
    <div role="alert" data-testid="panel-failed">
      <p className="ws-muted">{s.panelFailed}</p>
      <button type="button" className="btn" onClick={onRetry}>
        {s.retry}
      </button>
    </div>
  );
}

type BoundaryProps = { onRetry: () => void; children: ReactNode };

/** A panel that cannot load (or throws) says so, instead of taking the map and the other tabs down with it. */
class PanelBoundary extends Component<BoundaryProps, { error: boolean }> {
  override state = { error: false };

  static getDerivedStateFromError(): { error: boolean } {
    return { error: true };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <PanelFailed
        onRetry={() => {
          this.props.onRetry();
          this.setState({ error: false });
        }}
      />
    );
  }
}
