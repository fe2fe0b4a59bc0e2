import { STREETS, type Layer } from '../../../../model/index.ts';
import type { Language } from '../../i18n/i18n.ts';
import { zh } from '../../i18n/zh.ts';
import { fieldLabel, KIND_LABELS, ROLE_LABELS, STATUS_LABELS } from '../../ledger/labels.ts';
import { EN_ENUMS, EN_FIELDS, EN_LAYERS } from './strings.ts';

/**
 * Labels in the current language. Chinese comes from the ledger's one word list, so the form
 * calls a field what the sheet header and the import error call it; English from strings.ts.
 */
export type Labels = {
  field(layer: Layer, field: string): string;
  option(field: string, value: string): string;
  layer(layer: Layer): string;
  street(id: string | null): string;
};

const ZH_ENUMS: Record<string, Record<string, string>> = {
  role: ROLE_LABELS.labels,
  kind: KIND_LABELS.labels,
  status: STATUS_LABELS.labels,
};

export function labelsFor(lang: Language, zoneWide: string): Labels {
  const en = lang === 'en';
  return {
    field: (layer, field) => (en ? (EN_FIELDS[field] ?? field) : fieldLabel(layer, field)),
    // venueType and category values are Chinese words already.
    option: (field, value) => (en ? (EN_ENUMS as Record<string, Record<string, string> | undefined>)[field]?.[value] : ZH_ENUMS[field]?.[value]) ?? value,
    layer: (layer) => (en ? (EN_LAYERS[layer] ?? layer) : (zh.layerNames as Record<string, string>)[layer] ?? layer),
    street: (id) => {
      if (id === null) return zoneWide;
      const s = STREETS.find((x) => x.id === id);
      return s ? (en ? s.nameEn : s.name) : id;
    },
  };
}
