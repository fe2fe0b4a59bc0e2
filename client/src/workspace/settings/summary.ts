import { BASEMAP_CRS_WORDS, BASEMAP_PROVIDER_WORDS, TIANDITU_KIND_WORDS, type BasemapCrs, type BasemapSetting, type Lang } from '../../../../model/index.ts';
import type { settingsStrings } from './strings.ts';

type S = (typeof settingsStrings)['zh'];

/** The provider's name, with 天地图's kind: “天地图 · 影像”. */
export function basemapTitle(setting: BasemapSetting, lang: Lang): string {
  const name = BASEMAP_PROVIDER_WORDS[lang][setting.provider];
  return setting.provider === 'tianditu' ? `${name} · ${TIANDITU_KIND_WORDS[lang][setting.kind]}` : name;
}

/**
 * A setting in words, for the 底图 panel's “current” box: its name, then what it loads from, its
 * coordinate system, its attribution and the big screen's dimming. A 天地图 key is never shown.
 */
export function basemapDetails(setting: BasemapSetting, lang: Lang, s: S): string[] {
  const labelled = (label: string, value: string) => `${label}${lang === 'en' ? ': ' : '：'}${value}`;
  const crs = (c: BasemapCrs) => labelled(s.fields.crs, BASEMAP_CRS_WORDS[lang][c]);
  const attribution = (a: string) => (a ? [labelled(s.fields.attribution, a)] : []);
  const dim = (d: number) => s.dimmed(Math.round(d * 100));
  switch (setting.provider) {
    case 'none':
      return [];
    case 'tianditu':
      return [labelled(s.fields.approval, setting.approval), dim(setting.screenDim)];
    case 'local':
      return [setting.file, ...attribution(setting.attribution), dim(setting.screenDim)];
    case 'xyz':
      return [setting.url, crs(setting.crs), ...attribution(setting.attribution), dim(setting.screenDim)];
    case 'style': {
      const hosts = setting.hosts.length ? [labelled(s.fields.hosts, setting.hosts.join(', '))] : [];
      return [setting.url, ...hosts, crs(setting.crs), ...attribution(setting.attribution), dim(setting.screenDim)];
    }
  }
}
