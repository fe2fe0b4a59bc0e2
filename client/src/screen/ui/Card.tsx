import type { ReactNode } from 'react';

/** A titled panel of the wall; `area` places it on the stage's grid (screen.css). */
export function Card({ title, area, children, testId }: { title: ReactNode; area: string; children: ReactNode; testId?: string }) {
  return (
    <section className={`card card--${area}`} data-testid={testId}>
      <h2 className="card__title">{title}</h2>
      <div className="card__body">{children}</div>
    </section>
  );
}
