import { useState } from 'react';
import { zhPublic } from '../../i18n/zhPublic.ts';
import type { PlaceCard, PlaceLink } from '../placeCard.ts';

/** The selected place: its facts, then the related places, each a link that selects it. */
export function PlaceCardView({ card, onOpen, onClose }: { card: PlaceCard; onOpen: (link: PlaceLink) => void; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const share = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
    } catch {
      // No clipboard (an insecure context, a refused permission): the address bar still has the link.
    }
  };
  return (
    <article className="card" aria-label={card.name} data-testid="place-card" data-id={card.id} data-layer={card.layer}>
      <header className="card__head">
        <span className={`card__badge card__badge--${card.layer}`}>{card.badge}</span>
        <h2 className="card__name">{card.name}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={zhPublic.close} data-testid="card-close">
          ×
        </button>
      </header>
      <dl className="card__rows">
        {card.rows.map((r) => (
          <div key={r.key} className={`card__row card__row--${r.key}`}>
            <dt>{r.label}</dt>
            <dd>
              {r.link ? (
                <button type="button" className="link" onClick={() => onOpen(r.link!)}>
                  {r.value}
                </button>
              ) : (
                r.value
              )}
            </dd>
          </div>
        ))}
      </dl>
      {card.paragraphs.map((p, i) => (
        <p key={i} className="card__text">
          {p}
        </p>
      ))}
      {card.lists.map((l) => (
        <section key={l.key} className="card__list">
          <h3>{l.title}</h3>
          <ul>
            {l.items.map((item) => (
              <li key={item.id}>
                <button type="button" className="list-item" onClick={() => onOpen(item)}>
                  <span className="list-item__name">{item.name}</span>
                  {item.meta && <span className="list-item__meta">{item.meta}</span>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <button type="button" className="share" onClick={() => void share()}>
        {copied ? zhPublic.copied : zhPublic.share}
      </button>
    </article>
  );
}
