import type * as Y from 'yjs';
import type { DocOrigin } from './origins.ts';
import { META_KEY } from './ydoc.ts';

/**
 * Document migrations, append-only: never edit or reorder an entry, add a new one.
 * Each runs once per doc inside a transaction; `meta.schemaVersion` records the last applied.
 */
type Migration = { version: number; description: string; up: (doc: Y.Doc) => void };

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'initial layout: features map of feature maps, nested private map', up: () => {} },
];

export const CURRENT_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersionOf(doc: Y.Doc): number {
  const v = doc.getMap(META_KEY).get('schemaVersion');
  return typeof v === 'number' ? v : 0;
}

/** Bring a doc up to the current schema, in one transaction with `origin`. Returns the versions applied. */
export function migrateDoc(doc: Y.Doc, origin: DocOrigin | null = null): number[] {
  const from = schemaVersionOf(doc);
  if (from > CURRENT_SCHEMA_VERSION) {
    throw new Error(`document schema ${from} is newer than this build (${CURRENT_SCHEMA_VERSION})`);
  }
  const applied: number[] = [];
  doc.transact(() => {
    for (const m of MIGRATIONS) {
      if (m.version <= from) continue;
      m.up(doc);
      applied.push(m.version);
    }
    if (applied.length) doc.getMap(META_KEY).set('schemaVersion', CURRENT_SCHEMA_VERSION);
  }, origin);
  return applied;
}
