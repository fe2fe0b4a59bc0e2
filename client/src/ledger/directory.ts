import type { Feature, Layer, StreetId } from '../../../model/index.ts';
import type { CellResult } from './cells.ts';
import { msg } from './messages.ts';

/**
 * Who is who: every feature a ledger may refer to (communities, venues, partners), by id and by
 * name. The export writes a reference as the name when that name is unique (and is not a
 * person's), the import reads a name or an id back. Built from the docs' features plus the
 * rows of the file being imported, so one workbook can add a partner and its activity together.
 */
export type DirectoryEntry = {
  id: string;
  layer: Layer;
  name: string;
  street: StreetId | null;
  /** A partner of kind `person`: referred to by id only, so a person's name is not copied around. */
  person: boolean;
};

export function entryOf(feature: Feature): DirectoryEntry {
  return {
    id: feature.id,
    layer: feature.layer,
    name: feature.name,
    street: feature.street,
    person: feature.layer === 'partner' && feature.kind === 'person',
  };
}

export class Directory {
  private readonly ids = new Map<string, DirectoryEntry>();
  private readonly names = new Map<string, DirectoryEntry[]>();

  constructor(entries: Iterable<DirectoryEntry> = []) {
    for (const entry of entries) this.add(entry);
  }

  static of(features: Iterable<Feature>): Directory {
    return new Directory([...features].map(entryOf));
  }

  /** Later entries with the same id replace earlier ones (a file row updating a stored feature). */
  add(entry: DirectoryEntry): void {
    const previous = this.ids.get(entry.id);
    if (previous) this.removeName(previous);
    this.ids.set(entry.id, entry);
    const key = `${entry.layer}\u0000${entry.name}`;
    const same = this.names.get(key);
    if (same) same.push(entry);
    else this.names.set(key, [entry]);
  }

  private removeName(entry: DirectoryEntry): void {
    const key = `${entry.layer}\u0000${entry.name}`;
    const rest = (this.names.get(key) ?? []).filter((e) => e !== entry);
    if (rest.length) this.names.set(key, rest);
    else this.names.delete(key);
  }

  get(id: string): DirectoryEntry | undefined {
    return this.ids.get(id);
  }

  private named(layer: Layer, name: string): DirectoryEntry[] {
    return this.names.get(`${layer}\u0000${name}`) ?? [];
  }

  /** The text a reference is exported as: a unique, non-person name, otherwise the id. */
  refText(id: string, layer: Layer): string {
    const entry = this.ids.get(id);
    if (!entry || entry.layer !== layer || entry.person) return id;
    const unique = this.named(layer, entry.name).length === 1 && !this.ids.has(entry.name);
    return unique ? entry.name : id;
  }

  /**
   * A reference as typed in a cell → the feature id. An id wins over a name; a name shared by
   * several features is resolved within the row's street, or refused (the user writes the id).
   */
  resolve(text: string, layer: Layer, street: StreetId | null | undefined, label: string): CellResult<string> {
    const byId = this.ids.get(text);
    if (byId && byId.layer === layer) return { ok: true, value: byId.id };
    const candidates = this.named(layer, text);
    const pick = candidates.length > 1 ? candidates.filter((e) => e.street === street) : candidates;
    if (pick.length === 1) return { ok: true, value: pick[0]!.id };
    if (candidates.length > 1) return { ok: false, message: msg.refAmbiguous(label, text) };
    return { ok: false, message: msg.refMissing(label, text) };
  }
}
