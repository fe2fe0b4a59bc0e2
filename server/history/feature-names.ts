import * as Y from 'yjs';
import { layerSchema, type AuditFeature, type FeatureMap } from '../../model/index.ts';

/**
 * Each feature's name, layer and community in one loaded room, as of the last change seen. A deleted
 * feature's map is empty by the time anyone hears of the deletion, so the audit log takes the
 * name it had from here ("删除 审计测试书屋", not its id). Filled when the room opens, kept up to
 * date from every transaction (the server's own writes too), dropped with the doc.
 */
export class FeatureNames {
  private readonly byId = new Map<string, Omit<AuditFeature, 'id'>>();

  constructor(features: Y.Map<FeatureMap>) {
    features.forEach((entry, id) => this.byId.set(id, describe(entry)));
  }

  /** What is known of a feature (its name and layer null when nothing is). */
  get(id: string): AuditFeature {
    return { id, ...(this.byId.get(id) ?? { name: null, layer: null }) };
  }

  /** Read the name and layer again from the feature's map as it is now. */
  refresh(id: string, entry: unknown): AuditFeature {
    const described = describe(entry);
    this.byId.set(id, described);
    return { id, ...described };
  }

  /** The feature is gone: what it was called, forgotten here. */
  forget(id: string): AuditFeature {
    const last = this.get(id);
    this.byId.delete(id);
    return last;
  }
}

function describe(entry: unknown): Omit<AuditFeature, 'id'> {
  if (!(entry instanceof Y.Map)) return { name: null, layer: null };
  const name: unknown = entry.get('name');
  const layer = layerSchema.safeParse(entry.get('layer'));
  const community: unknown = entry.get('community');
  return {
    name: typeof name === 'string' && name !== '' ? name : null,
    layer: layer.success ? layer.data : null,
    // Where it belongs (the big screen's feed names it); left out when it has none.
    ...(typeof community === 'string' && community !== '' ? { community } : {}),
  };
}
