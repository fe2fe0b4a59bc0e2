import { describe, expect, it } from 'vitest';
import { basemapSettingSchema, type BasemapSetting } from '../../../../model/index.ts';
import { draftOf, EMPTY_DRAFT, settingOf, type BasemapDraft } from './draft.ts';
import { settingsStrings } from './strings.ts';

const e = settingsStrings.zh.errors;
const NO_ENV = { tiandituKey: false, tiandituApproval: false };
const xyz = (part: Partial<BasemapDraft['xyz']>): BasemapDraft => ({ ...EMPTY_DRAFT, provider: 'xyz', xyz: { ...EMPTY_DRAFT.xyz, url: 'https://tiles.example.cn/{z}/{x}/{y}.png', attribution: '示例', ...part } });

describe('the 底图 form', () => {
  it('fills in from the setting in force and gives the same setting back', () => {
    const settings: BasemapSetting[] = [
      { provider: 'none' },
      { provider: 'tianditu', kind: 'imagery', key: '0123456789abcdef0123456789abcdef', approval: 'GS(2024)0000号', screenDim: 0.3 },
      { provider: 'local', file: 'jinan.mbtiles', attribution: '区测绘院', screenDim: 0.55 },
      { provider: 'xyz', url: 'https://{s}.tiles.example.cn/{z}/{x}/{y}.png', subdomains: ['a', 'b'], crs: 'gcj02', attribution: '示例', maxzoom: 17, screenDim: 0.9 },
      { provider: 'style', url: 'https://tiles.example.cn/style.json', hosts: ['t1.example.cn', 'cdn.example.cn:8443'], crs: 'wgs84', attribution: '', screenDim: 0 },
    ];
    for (const setting of settings) {
      const back = settingOf(draftOf(setting), NO_ENV, e);
      expect(back.ok, setting.provider).toBe(true);
      if (back.ok) expect(basemapSettingSchema.parse(back.setting)).toEqual(setting);
    }
  });

  it('keeps what was typed for another provider while one is shown', () => {
    const typed = xyz({ url: 'https://a.example.cn/{z}/{x}/{y}.png' });
    const now = draftOf({ provider: 'local', file: 'x.pmtiles', attribution: '', screenDim: 0.55 }, typed);
    expect(now.provider).toBe('local');
    expect(now.xyz.url).toBe('https://a.example.cn/{z}/{x}/{y}.png');
  });

  it('refuses what the model’s schema refuses, one message per field in the interface’s words', () => {
    expect(settingOf(xyz({ url: 'https://tiles.example.cn/{z}/{x}.png' }), NO_ENV, e)).toEqual({ ok: false, errors: { url: e.url } });
    expect(settingOf(xyz({ url: 'tiles.example.cn/{z}/{x}/{y}.png', attribution: ' ' }), NO_ENV, e)).toEqual({ ok: false, errors: { url: e.url, attribution: e.attributionMissing } });
    expect(settingOf(xyz({ maxzoom: 'eighteen', subdomains: 'a,b/c' }), NO_ENV, e)).toEqual({ ok: false, errors: { maxzoom: e.maxzoom, subdomains: e.subdomains } });
    expect(settingOf(xyz({ attribution: '长'.repeat(301) }), NO_ENV, e)).toEqual({ ok: false, errors: { attribution: e.attributionLong } });
    const local: BasemapDraft = { ...EMPTY_DRAFT, provider: 'local', local: { file: '../secret.key', attribution: '' } };
    expect(settingOf(local, NO_ENV, e)).toEqual({ ok: false, errors: { file: e.file } });
    const style: BasemapDraft = { ...EMPTY_DRAFT, provider: 'style', style: { ...EMPTY_DRAFT.style, url: 'https://tiles.example.cn/style.json', hosts: 'https://t1.example.cn' } };
    expect(settingOf(style, NO_ENV, e)).toEqual({ ok: false, errors: { hosts: e.hosts } });
  });

  it('leaves out a 天地图 key and 审图号 the server’s environment fills, and asks for them otherwise', () => {
    const t: BasemapDraft = { ...EMPTY_DRAFT, provider: 'tianditu', tianditu: { kind: 'vector', key: '', approval: '' } };
    expect(settingOf(t, NO_ENV, e)).toEqual({ ok: false, errors: { key: e.key, approval: e.approval } });
    expect(settingOf(t, { tiandituKey: true, tiandituApproval: true }, e)).toEqual({ ok: true, setting: { provider: 'tianditu', kind: 'vector', screenDim: 0.55 } });
    // A key typed in is checked even when the environment has one.
    expect(settingOf({ ...t, tianditu: { ...t.tianditu, key: 'not-a-key' } }, { tiandituKey: true, tiandituApproval: true }, e)).toEqual({ ok: false, errors: { key: e.key } });
  });
});
