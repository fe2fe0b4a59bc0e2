import type { ReactNode } from 'react';

/**
 * The details area: a bottom sheet on a phone (the map stays visible above it, the thumb reaches
 * it), a side panel on a wide screen (public.css). `expanded` sheets take up to 60 % of the height.
 */
export function Sheet({ id, expanded, children, label }: { id?: string; expanded: boolean; children: ReactNode; label: string }) {
  return (
    <section id={id} className={`sheet${expanded ? ' sheet--expanded' : ''}`} aria-label={label} data-testid="sheet">
      <div className="sheet__grip" aria-hidden="true" />
      <div className="sheet__body">{children}</div>
    </section>
  );
}
