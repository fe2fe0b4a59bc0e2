import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { isStaff } from '../api/publicSession.ts';
import { useToday } from '../ui/useToday.ts';
import { useFeatures } from '../data/useFeatures.ts';
import { setLanguage, useStrings } from '../i18n/i18n.ts';
import { useSync } from '../sync/useSync.ts';
import { extendTestHooks } from '../testHooks.ts';
import { areaName, periodName, reportContent, type ReportInput } from './content.ts';
import type { ScreenPeriodSetting } from '../../../model/index.ts';
import { choiceFromSearch, defaultArea, defaultPeriod, searchOf, type Choice } from './choice.ts';
import { fetchScreenPeriod } from './screenPeriod.ts';
import { areaFrame, areaSnapshot } from './mapData.ts';
import { MapPicture } from './mapImage.ts';
import { ReportControls } from './ReportControls.tsx';
import { ReportMap } from './ReportMap.tsx';
import { CategoryChart, categoriesSummary, MonthChart, monthsSummary } from './charts.tsx';
import { reportStrings } from './strings.ts';
import { ActivitiesSection, FiguresSection, NeedsSection, RankingSection } from './tables.tsx';
import type { ReportRuntime } from './runtime.ts';

/** Chart sizes in CSS pixels: two side by side fill the A4 text width (180 mm ≈ 680 px). */
const CHART = { width: 330, height: 210 };

function useFontsLoaded(): boolean {
  const [loaded, setLoaded] = useState(() => document.fonts.status === 'loaded');
  useEffect(() => {
    const fonts = document.fonts;
    const update = () => setLoaded(fonts.status === 'loaded');
    fonts.addEventListener('loading', update);
    fonts.addEventListener('loadingdone', update);
    void fonts.ready.then(update);
    return () => {
      fonts.removeEventListener('loading', update);
      fonts.removeEventListener('loadingdone', update);
    };
  }, []);
  return loaded;
}

/**
 * The printable report (`/report`, 导出报告 on the staff page): one A4 document for the zone or a
 * subdistrict over a year or a month — title and period, a map picture of the area with its
 * venues and heat, the key figures as the big screen has them, the month and category charts,
 * the community ranking, the period's activities and the needs with their matching status. The
 * controls above it are not printed. By default it carries public-safe fields only (content.ts);
 * 含内部信息 adds internal ones, and the page and every printed page then say 内部资料.
 */
export function ReportApp({ runtime, token }: { runtime: ReportRuntime; token: string | null }) {
  const w = useStrings(reportStrings);
  const sync = useSync(runtime.sync);
  const data = useFeatures(runtime.features);
  const today = useToday();
  const fontsLoaded = useFontsLoaded();
  const [choice, setChoice] = useState<Choice>(() => choiceFromSearch(window.location.search));
  const [internal, setInternal] = useState(false);
  const [picture] = useState(() => new MapPicture());
  // The big screen's year (an admin's choice), once the session says this is staff; undefined until answered.
  const [screenSetting, setScreenSetting] = useState<ScreenPeriodSetting | null | undefined>(undefined);
  const image = useSyncExternalStore(picture.subscribe, picture.getSnapshot);

  const staff = isStaff(sync.session);
  useEffect(() => {
    if (!staff) return;
    let cancelled = false;
    void fetchScreenPeriod(token).then((setting) => !cancelled && setScreenSetting(setting));
    return () => {
      cancelled = true;
    };
  }, [staff, token]);
  const synced = sync.rooms.length > 0 && sync.rooms.every((r) => r.status === 'synced');
  const now = useMemo(() => {
    void today;
    return new Date();
  }, [today]);

  const input = useMemo((): ReportInput => {
    void data.revision;
    const f = runtime.features;
    return { street: f.records('street'), community: f.records('community'), venue: f.records('venue'), partner: f.records('partner'), activity: f.records('activity'), need: f.records('need') };
  }, [runtime, data.revision]);

  const area = choice.area ?? defaultArea(sync.session);
  const period = useMemo(
    () => (choice.year !== null ? { year: choice.year, month: choice.month } : screenSetting === undefined ? null : defaultPeriod(input.activity, now, screenSetting ?? undefined)),
    [choice.year, choice.month, screenSetting, input, now],
  );
  const content = useMemo(() => (period ? reportContent(input, area, period, now, w, internal) : null), [input, area, period, now, w, internal]);
  const mapData = useMemo(() => (period ? areaSnapshot(data, (layer) => runtime.features.records(layer), area, period) : null), [data, runtime, area, period]);
  const frame = useMemo(() => areaFrame(data, area), [data, area]);

  // The address says what is shown (without the staff version), so the report can be opened again.
  useEffect(() => {
    const url = new URL(window.location.href);
    const search = searchOf(choice, url.search);
    if (search !== url.search) window.history.replaceState(window.history.state, '', url.pathname + search + url.hash);
  }, [choice]);

  const title = content ? w.title(areaName(area, w)) : w.pageTitle;
  const when = period ? periodName(period, w) : '';
  // The print dialogue's "Save as PDF" names the file after the document's title.
  useEffect(() => {
    document.title = period ? `${title} · ${when}${internal ? ` · ${w.internalMark}` : ''}` : w.pageTitle;
  }, [title, when, period, internal, w]);

  const ready = staff && synced && !runtime.features.hasPending() && image.fresh && fontsLoaded && content !== null;
  const latest = useMemo(() => ({ ready, area, period }), [ready, area, period]);
  useEffect(() => {
    extendTestHooks({
      report: {
        ready: () => latest.ready,
        showing: () => (latest.period ? { area: latest.area, year: latest.period.year, month: latest.period.month } : null),
      },
    });
  }, [latest]);

  if (sync.phase !== 'loading' && sync.session && !staff) {
    return (
      <main className="report-page report-page--message">
        <h1>{w.pageTitle}</h1>
        <p role="alert">{w.staffOnly}</p>
        <p>
          <a href="/">{w.backToMap}</a>
        </p>
      </main>
    );
  }

  const generated = new Date().toLocaleString(w.locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return (
    <div className={`report-page${internal ? ' report-page--internal' : ''}`}>
      {internal && <InternalPageMark text={w.internalMark} />}
      <ReportControls
        w={w}
        activities={input.activity}
        now={now}
        area={area}
        period={period}
        internal={internal}
        ready={ready}
        onChoice={setChoice}
        onInternal={setInternal}
        onLanguage={(lang) => void setLanguage(lang)}
      />
      <main className="report-sheet" data-testid="report" data-area={area} data-internal={internal}>
        {internal && (
          <p className="report-internal" role="note" data-testid="report-internal">
            {w.internalBanner}
          </p>
        )}
        <header className="report-title">
          <h1>{title}</h1>
          <p className="report-title__period">{period ? w.period(when) : w.loading}</p>
          <p className="report-title__meta">
            {w.generated(generated)} · {w.source}
          </p>
        </header>
        {!content || !mapData || !period ? (
          <p className="report-empty">{w.loading}</p>
        ) : (
          <>
            <section className="report-section report-map-section" aria-labelledby="report-map">
              <h2 id="report-map">{w.sections.map}</h2>
              <figure className="report-figure-box">
                <ReportMap key={area} data={mapData} frame={frame} communityAttendance={content.stats.communityAttendance} picture={picture} alt={w.mapAlt(areaName(area, w), when)} />
                <figcaption className="report-note">
                  {w.mapCaption}
                  {image.attribution ? ` ${w.mapSource(image.attribution)}` : ''}
                </figcaption>
              </figure>
            </section>
            <FiguresSection content={content} w={w} />
            <section className="report-section report-charts" aria-labelledby="report-charts">
              <h2 id="report-charts">{w.sections.charts}</h2>
              <div className="report-charts__row">
                {/* The SVG is a picture for a screen reader: the words say what its bars show. */}
                <figure className="report-chart" data-testid="report-chart-months">
                  <figcaption>{w.chartMonths(period.year)}</figcaption>
                  <div role="img" aria-label={monthsSummary(content.stats, w)}>
                    <MonthChart stats={content.stats} period={period} w={w} width={CHART.width} height={CHART.height} />
                  </div>
                  <p className="report-note">{w.monthsNote}</p>
                </figure>
                <figure className="report-chart" data-testid="report-chart-categories">
                  <figcaption>{w.chartCategories}</figcaption>
                  {content.stats.byCategory.length > 0 ? (
                    <div role="img" aria-label={categoriesSummary(content.stats, w)}>
                      <CategoryChart stats={content.stats} w={w} width={CHART.width} height={CHART.height} />
                    </div>
                  ) : (
                    <p className="report-empty">{w.chartEmpty}</p>
                  )}
                </figure>
              </div>
            </section>
            <RankingSection content={content} w={w} />
            <ActivitiesSection content={content} w={w} />
            <NeedsSection content={content} w={w} />
          </>
        )}
        <footer className="report-footer">{w.footer(areaName(area, w), when)}</footer>
      </main>
    </div>
  );
}

/**
 * 内部资料 in the top margin of every printed page (a CSS page-margin box), present only while the
 * staff version is chosen. Its words are the catalogue's, never data.
 */
function InternalPageMark({ text }: { text: string }) {
  const css = `@page { @top-right { content: ${JSON.stringify(text)}; color: #b00000; font-weight: 700; font-size: 11pt; } }`;
  return <style>{css}</style>;
}
