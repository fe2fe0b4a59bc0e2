import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { DISTRICT_ROOM } from '../../../model/index.ts';
import { useFeatures } from '../data/useFeatures.ts';
import type { MapController, Padding } from '../map/controller.ts';
import { ALL_ON } from '../map/layers/types.ts';
import { useSync } from '../sync/useSync.ts';
import { extendTestHooks, setMapController } from '../testHooks.ts';
import { MapView } from '../ui/MapView.tsx';
import { canvasPixelRatio } from './stage.ts';
import type { ScreenRuntime } from './screenRuntime.ts';
import type { ScreenPeriodStore } from './periodSetting.ts';
import { yoyView } from './yoy.ts';
import { screenYear } from '../stats/period.ts';
import { computeStats, type StatInput } from '../stats/stats.ts';
import { useToday } from '../ui/useToday.ts';
import { useHealth } from './useHealth.ts';
import { streetPlaces, useTour } from './useTour.ts';
import { Card } from './ui/Card.tsx';
import { CategoryChart } from './ui/CategoryChart.tsx';
import { FlipArmed, useFlipArmed } from './ui/FlipText.tsx';
import { FeedList } from './ui/FeedList.tsx';
import { KpiCards } from './ui/KpiCards.tsx';
import { MapLegend } from './ui/MapLegend.tsx';
import { MonthChart } from './ui/MonthChart.tsx';
import { Ranking } from './ui/Ranking.tsx';
import { Stage, useStageFit } from './ui/Stage.tsx';
import { ScreenHeader, StaleBanner } from './ui/StatusBar.tsx';
import { TourCaption } from './ui/TourCaption.tsx';
import { YearTrend } from './ui/YearTrend.tsx';
import { useScreenWords } from './words.ts';

/**
 * The whole zone fills the map card: the subdistricts' shape is taller than the card, so the
 * legend (bottom left) and the caption (top right) sit in the corners it leaves empty, and only
 * the attribution's line needs a margin. A subdistrict's stop is framed beside the caption
 * (`--caption-width` in screen.css, plus its margins).
 */
const ZONE_PADDING: Padding = { top: 16, bottom: 34, left: 16, right: 16 };
const STREET_PADDING: Padding = { top: 40, bottom: 50, left: 40, right: 320 + 14 + 40 };
const TOUR_PADDING = { zone: ZONE_PADDING, street: STREET_PADDING };

/**
 * The big screen (数据大屏): a fixed 1920×1080 layout scaled to the wall. The map in the middle
 * tours the subdistricts (or follows a presenter); the columns hold the live indicators, charts,
 * the community ranking and the feed of edits. No pointer, no scrolling, no reload needed.
 */
export function ScreenApp({ runtime, period, dwellMs }: { runtime: ScreenRuntime; period: ScreenPeriodStore; dwellMs: number }) {
  const w = useScreenWords();
  // The period an admin chose (设置 › 大屏), followed live: polled, and asked again on reconnect (below).
  const periodState = useSyncExternalStore(period.subscribe, period.getSnapshot);
  const setting = periodState.setting;
  const sync = useSync(runtime.sync);
  const data = useFeatures(runtime.features);
  const health = useHealth(sync);
  const today = useToday();
  const fit = useStageFit();
  const [controller, setController] = useState<MapController | null>(null);
  const pixelRatio = canvasPixelRatio(window.devicePixelRatio, fit.scale);

  const onController = useCallback((c: MapController | null) => {
    setMapController(c);
    setController(c);
  }, []);

  // Indicators are recomputed when the data changes (or the day does), never per frame or tick.
  const stats = useMemo(() => {
    const f = runtime.features;
    const input: StatInput = {
      street: f.records('street'),
      community: f.records('community'),
      venue: f.records('venue'),
      partner: f.records('partner'),
      activity: f.records('activity'),
      need: f.records('need'),
    };
    const now = new Date(today);
    const year = screenYear(setting, input.activity, now);
    return computeStats(input, year === null ? null : { year, month: null }, now);
    // The records change exactly when `data.revision` does; `today` moves "this month" at midnight.
  }, [runtime, data.revision, today, setting]);
  const yoy = useMemo(() => yoyView(stats, new Date(today), w), [stats, today, w]);

  // Back after an outage: the setting may have changed meanwhile.
  const live = health.kind === 'live';
  useEffect(() => {
    if (live) void period.refresh();
  }, [live, period]);
  // Figures roll when they change (翻牌), not while the wall fills in for the first time.
  const armed = useFlipArmed(live && periodState.loaded);

  const streetRevision = data.layers.street.revision;
  // Only a change of the street layer (or the zone) moves the tour's stops.
  const places = useMemo(() => streetPlaces(runtime.features.records('street'), data.zoneBounds), [runtime, streetRevision, data.zoneBounds]);
  const tour = useTour({ sync: runtime.sync, controller, places, districtOpen: sync.rooms.some((r) => r.room === DISTRICT_ROOM), dwellMs, padding: TOUR_PADDING });

  useEffect(() => {
    if (!controller) return;
    controller.setFeatureStates('community', new Map([...stats.communityAttendance].map(([id, attendance]) => [id, { attendance }])));
  }, [controller, stats]);

  useEffect(() => controller?.setPixelRatio(pixelRatio), [controller, pixelRatio]);

  const tourRef = useLatest(tour);
  const fitRef = useLatest(fit);
  const controllerRef = useLatest(controller);
  const periodRef = useLatest({ year: stats.year, setting, loaded: periodState.loaded });
  useEffect(() => {
    extendTestHooks({
      screen: {
        mode: () => {
          const s = tourRef.current;
          return { mode: s.mode, street: s.step.kind === 'street' ? s.step.street : null, presenter: s.presenter?.name ?? null };
        },
        kpis: () => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-kpi]')].map((el) => [el.dataset.kpi!, el.textContent ?? ''])),
        feed: () => [...document.querySelectorAll('[data-testid=feed] .feed__text')].map((el) => el.textContent ?? ''),
        stale: () => document.querySelector('[data-testid=stale-banner]') !== null,
        scale: () => fitRef.current.scale,
        pixelRatio: () => controllerRef.current?.pixelRatio() ?? null,
        period: () => periodRef.current,
      },
    });
  }, [tourRef, fitRef, controllerRef, periodRef]);

  return (
    <FlipArmed.Provider value={armed}>
    <Stage fit={fit}>
      <ScreenHeader health={health} />
      <StaleBanner health={health} />
      {/* Landmarks (header, main, footer) hold every part of the wall, for a screen reader at a desk. */}
      <main className="columns">
        <div className="column column--left">
          <KpiCards stats={stats} yoy={yoy} thisMonth={setting.thisMonth} />
          <Card title={w.cards.categories(stats.year)} area="categories" testId="chart-categories">
            <CategoryChart byCategory={stats.byCategory} width={408} height={232} />
          </Card>
        </div>
        <section className="map-card" data-testid="screen-map">
          <MapView
            data={data}
            toggles={ALL_ON}
            onController={onController}
            options={{ interactive: false, attribution: 'full', pixelRatio, fitPadding: () => ZONE_PADDING, dimBasemap: true }}
          />
          <MapLegend />
          <TourCaption tour={tour} stats={stats} />
        </section>
        <div className="column column--right">
          <Card title={w.cards.trend} area="trend" testId="chart-years">
            <YearTrend byYear={stats.byYear} year={stats.year} width={408} />
          </Card>
          <Card title={w.cards.months(stats.year)} area="months" testId="chart-months">
            <MonthChart byMonth={stats.byMonth} width={408} height={160} />
            <p className="note">{w.monthsNote}</p>
          </Card>
          <Card title={w.cards.ranking(stats.year)} area="ranking">
            <Ranking ranking={stats.ranking} />
          </Card>
          <Card title={w.cards.feed} area="feed">
            <FeedList feed={runtime.feed} nameOf={(id) => runtime.features.nameOf(id)} />
          </Card>
        </div>
      </main>
      <footer className="footnote">{w.figuresNote}</footer>
    </Stage>
    </FlipArmed.Provider>
  );
}

/** A ref that always holds the latest value (for the test hooks, installed once). */
function useLatest<T>(value: T) {
  const [ref] = useState(() => ({ current: value }));
  ref.current = value;
  return ref;
}
