import { describe, expect, it } from 'vitest';
import { KIND_LABELS, PROVENANCE_LABELS, STATUS_LABELS } from '../ledger/labels.ts';
import { zh } from './zh.ts';

describe('one word list', () => {
  it('the map panel names partner kinds, need statuses and sources with the words the ledger import reads', () => {
    // A kind shown as 机关事业单位 on the map but written 事业单位 in the export would look like two kinds to staff.
    expect(zh.partnerKinds).toEqual(KIND_LABELS.labels);
    expect(zh.needStatus).toEqual(STATUS_LABELS.labels);
    expect(zh.provenance).toEqual(PROVENANCE_LABELS.labels);
  });
});
