import type { Layer, RoomName } from '../../../model/index.ts';

/**
 * The workspace's session state: what this tab shows and is doing. Never written to a Y.Doc
 * and never sent as presence (that is presence.ts's job): two colleagues each keep their own
 * selection, filters, open tab and drawing tool.
 *
 * A tiny external store (subscribe / getSnapshot) so that the map controller, which lives
 * outside React, and the React panels read and write the same state.
 */

/** What the list, the table, the charts and the map show. Every criterion is optional (null = any). */
export type Filter = {
  /** Free text matched against names (and descriptions, services). */
  text: string;
  /** Resource layers to show; null = all. */
  layers: readonly Layer[] | null;
  street: string | null;
  community: string | null;
  /** Partner role (broker / partner / volunteer). */
  role: string | null;
  /** Activity category. */
  category: string | null;
  /** Activity dates, ISO YYYY-MM-DD, inclusive. */
  dateFrom: string | null;
  dateTo: string | null;
  /** 只看待审核: only features waiting for review (unpublished, pending, returned); null = any. */
  awaitingReview: true | null;
};

export const EMPTY_FILTER: Filter = {
  text: '',
  layers: null,
  street: null,
  community: null,
  role: null,
  category: null,
  dateFrom: null,
  dateTo: null,
  awaitingReview: null,
};

/** The side panel's tabs (`settings`: an admin's zone-wide settings, offered to admins only). */
export const PANELS = ['details', 'table', 'review', 'matching', 'charts', 'history', 'ledger', 'settings'] as const;
export type PanelId = (typeof PANELS)[number];

/** A drawing tool in use: placing a new point feature of a layer, drawing a community boundary, or reshaping the selected feature. */
export type DrawTool = { kind: 'place'; layer: Layer } | { kind: 'boundary'; communityId: string } | { kind: 'reshape'; id: string };

/** 时间回放's step: a calendar month or a calendar year (workspace/playback/steps.ts). */
export type PlaybackUnit = 'month' | 'year';

/** 时间回放: the map's heat and the charts show one step's activities at a time (workspace/playback/). */
export type Playback = {
  unit: PlaybackUnit;
  /** The step shown: "YYYY-MM" (month) or "YYYY" (year). */
  step: string;
  /** Stepping forward by itself; only ever started by the user's 播放. */
  playing: boolean;
};

export type UiState = {
  selection: string | null;
  filter: Filter;
  panel: PanelId;
  /** The form is open on the selection (or on a new feature, see `draft`). */
  editing: boolean;
  /** A new feature being created: its layer and where it was placed, before it is saved. */
  draft: { layer: Layer; geometry: { type: 'Point'; coordinates: [number, number] } } | null;
  tool: DrawTool | null;
  /** The colleague whose view this tab follows (an awareness client id), or null. */
  following: number | null;
  /** The scope the history tab shows (null: the default for the session); kept here because tabs unmount their panels. */
  historyRoom: RoomName | null;
  /** The features ticked in the 审核 list for a bulk 通过 / 退回; kept here because tabs unmount their panels. */
  reviewChecked: readonly string[];
  /** 时间回放 on the map, or null (the filter's own dates apply). */
  playback: Playback | null;
};

export const INITIAL_UI: UiState = {
  selection: null,
  filter: EMPTY_FILTER,
  panel: 'details',
  editing: false,
  draft: null,
  tool: null,
  following: null,
  historyRoom: null,
  reviewChecked: [],
  playback: null,
};

export class UiStore {
  private state: UiState;
  private readonly listeners = new Set<() => void>();

  constructor(initial: Partial<UiState> = {}) {
    this.state = { ...INITIAL_UI, ...initial };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): UiState => this.state;

  set(patch: Partial<UiState>): void {
    const next = { ...this.state, ...patch };
    if ((Object.keys(patch) as Array<keyof UiState>).every((k) => next[k] === this.state[k])) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  setFilter(patch: Partial<Filter>): void {
    this.set({ filter: { ...this.state.filter, ...patch } });
  }

  /** Select a feature (or nothing): closes a form left open on another one. */
  select(id: string | null): void {
    if (id === this.state.selection) return;
    this.set({ selection: id, editing: false, draft: null, tool: null });
  }
}
