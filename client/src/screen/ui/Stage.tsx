import { useEffect, useState, type ReactNode } from 'react';
import { DESIGN, fitStage, type StageFit } from '../stage.ts';

function windowFit(): StageFit {
  return fitStage(window.innerWidth, window.innerHeight);
}

/** The window's fit of the design size, following resizes (a wall's resolution change, a rotated panel). */
export function useStageFit(): StageFit {
  const [fit, setFit] = useState(windowFit);
  useEffect(() => {
    const onResize = () => setFit(windowFit());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return fit;
}

/**
 * The 1920×1080 stage, scaled as a whole and centred (letterboxed) with a CSS transform. No
 * `will-change`: Chromium then rasterises text and SVG at the final scale, so they stay sharp.
 */
export function Stage({ fit, children }: { fit: StageFit; children: ReactNode }) {
  return (
    <div
      className="stage"
      data-testid="stage"
      style={{ width: DESIGN.width, height: DESIGN.height, transform: `translate(${fit.x}px, ${fit.y}px) scale(${fit.scale})` }}
    >
      {children}
    </div>
  );
}
