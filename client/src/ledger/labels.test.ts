import { describe, expect, it } from 'vitest';
import { NEED_STATUSES, PARTNER_KINDS, PARTNER_ROLES, provenanceSchema } from '../../../model/index.ts';
import { LEDGER_COLUMNS } from './columns.ts';
import { SCHEMAS } from './schemas.ts';
import { KIND_LABELS, LEDGER_LAYERS, PROVENANCE_LABELS, ROLE_LABELS, STATUS_LABELS } from './labels.ts';

describe('ledger labels', () => {
  it('give every enum value of the model a Chinese label (a new model value fails here)', () => {
    expect(Object.keys(ROLE_LABELS.labels).sort()).toEqual([...PARTNER_ROLES].sort());
    expect(Object.keys(KIND_LABELS.labels).sort()).toEqual([...PARTNER_KINDS].sort());
    expect(Object.keys(STATUS_LABELS.labels).sort()).toEqual([...NEED_STATUSES].sort());
    expect(Object.keys(PROVENANCE_LABELS.labels).sort()).toEqual([...provenanceSchema.options].sort());
  });

  it('have unique headers per layer', () => {
    for (const layer of LEDGER_LAYERS) {
      const headers = LEDGER_COLUMNS[layer].map((c) => c.header);
      expect(new Set(headers).size).toBe(headers.length);
    }
  });

  it('cover every field of each layer’s schema, so no field is left out of a ledger', () => {
    for (const layer of LEDGER_LAYERS) {
      const fields = new Set(LEDGER_COLUMNS[layer].map((c) => c.field));
      const missing = Object.keys(SCHEMAS[layer].shape).filter((key) => !['layer', 'geometry', 'private'].includes(key) && !fields.has(key));
      expect({ layer, missing }).toEqual({ layer, missing: [] });
    }
  });
});
