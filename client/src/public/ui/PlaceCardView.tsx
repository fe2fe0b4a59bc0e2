import { useEffect, useRef, useState } from 'react';
import type { PlaceCard, PlaceLink } from '../placeCard.ts';
import { usePublicWords } from '../words.ts';

/**
 * The selected place: its facts, then the related places, each a link that selects it. Its name
 * takes the focus when a place opens (and when a related place replaces it), so keyboard and
 * screen-reader users land on what they opened instead of on the page's start.
 */
export function PlaceCardView({ card, onOpen, onClose }: { card: PlaceCard; onOpen: (link: PlaceLink) => void; onClose: () => void }) {
  const w = usePublicWords();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [card.id]);
  const [copied, setCopied] = useState(false);
  // Per card (the view stays mounted from one card to the next): the id whose address was copied, or why not.
  const [addressCopy, setAddressCopy] = useState<{ id: string; ok: boolean } | null>(null);
  const copyAddress = async (address: string) => {
    try {
      await navigator.clipboard.writeText(address);
      setAddressCopy({ id: card.id, ok: true });
    } catch {
      setAddressCopy({ id: card.id, ok: false });
    }
  };
  const copyState = addressCopy?.id === card.id ? addressCopy : null;
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
        <h2 className="card__name" ref={heading} tabIndex={-1}>
          {card.name}
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={w.close} data-testid="card-close">
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
              {r.key === 'address' && (
                <>
                  <button type="button" className="pill-button copy-button" onClick={() => void copyAddress(r.value)} data-testid="copy-address">
                    {copyState?.ok ? w.place.addressCopied : w.place.copyAddress}
                  </button>
                  {copyState?.ok === false && (
                    <span className="card__hint" role="status">
                      {w.place.copyFailed}
                    </span>
                  )}
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {card.place && card.navigation.length > 0 && (
        <section className="card__nav" aria-label={w.place.navigate} data-testid="navigate">
          <h3>{w.place.navigate}</h3>
          <div className="card__nav-links">
            {card.navigation.map((l) => (
              <a
                key={l.app}
                className="nav-link"
                href={l.href}
                target="_blank"
                rel="noopener"
                aria-label={w.place.navigateWith(w.place.apps[l.app], card.place!.name)}
                data-testid={`navigate-${l.app}`}
              >
                {w.place.apps[l.app]}
              </a>
            ))}
          </div>
        </section>
      )}
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
        {copied ? w.copied : w.share}
      </button>
    </article>
  );
}
