import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Bounds } from '../data/bounds.ts';
import type { FeaturesSnapshot } from '../data/liveFeatures.ts';
import type { MapController, Padding } from '../map/controller.ts';
import type { DrawnLayer } from '../map/layers/types.ts';
import { setMapController } from '../testHooks.ts';
import { MapView } from '../ui/MapView.tsx';
import type { MapPicture } from './mapImage.ts';
import { REPORT_TOGGLES } from './mapData.ts';

const PADDING: Padding = { top: 18, bottom: 18, left: 18, right: 18 };
const fitPadding = () => PADDING;
/**
 * Drawn at twice the CSS size: the picture is printed at ~150 dpi on A4 (the map box is 180 mm
 * wide), sharp enough for labels; more would only slow software WebGL.
 */
const PIXEL_RATIO = 2;

/**
 * The area's map, drawn live (not interactive: a picture, not a tool) and shown as the image
 * MapPicture takes of it, which is what prints. `key` the component by area: a new area is a new
 * first view.
 *
 * It is drawn in the `print` theme (map/palette.ts): the screens' dark ground would print as a
 * block of toner, and their light-on-dark labels read poorly on paper.
 */
export function ReportMap({
  data,
  frame,
  communityAttendance,
  picture,
  alt,
}: {
  data: FeaturesSnapshot<DrawnLayer>;
  frame: Bounds | null;
  communityAttendance: ReadonlyMap<string, number>;
  picture: MapPicture;
  alt: string;
}) {
  const [controller, setController] = useState<MapController | null>(null);
  const live = useRef<HTMLDivElement>(null);
  const image = useSyncExternalStore(picture.subscribe, picture.getSnapshot);

  const onController = useCallback((c: MapController | null) => {
    setMapController(c);
    setController(c);
  }, []);

  useEffect(() => (controller && live.current ? picture.attach(controller, live.current) : undefined), [controller, picture]);

  // Communities shaded by the period's attendance, as on the big screen.
  useEffect(() => {
    controller?.setFeatureStates('community', new Map([...communityAttendance].map(([id, attendance]) => [id, { attendance }])));
  }, [controller, communityAttendance]);

  return (
    <div className="report-map" data-testid="report-map">
      <div className="report-map__live" ref={live} aria-hidden="true">
        <MapView data={data} frame={frame} toggles={REPORT_TOGGLES} onController={onController} options={{ interactive: false, attribution: 'full', pixelRatio: PIXEL_RATIO, fitPadding, theme: 'print' }} />
      </div>
      {image.url && <img className="report-map__image" src={image.url} alt={alt} data-testid="report-map-image" data-fresh={image.fresh} />}
    </div>
  );
}
