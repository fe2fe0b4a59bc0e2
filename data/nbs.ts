import { STREETS, type StreetId } from '../model/index.ts';

/**
 * The NBS 2023 statistical division list of the zone (sources/hitech-zone-divisions-2023.nbs.csv):
 * zone 370176, its five 街道 and their 201 村/社区 committees. Parsed by hand: the file has
 * no quoted fields (checked by `readNbsCsv` throwing on a row of the wrong width).
 */
export type NbsRow = { code: string; name: string; level: string; parentCode: string; namedInArticle: string };
export type NbsCommunity = NbsRow & { street: StreetId };

const HEADER = 'code,name,level,parent_code,parent_name,named_in_article';

export function readNbsCsv(text: string): NbsRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines[0] !== HEADER) throw new Error(`NBS csv: unexpected header ${JSON.stringify(lines[0])}`);
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== 6) throw new Error(`NBS csv line ${i + 2}: expected 6 cells, got ${cells.length}`);
    const [code, name, level, parentCode, , namedInArticle] = cells as [string, string, string, string, string, string];
    return { code, name, level, parentCode, namedInArticle };
  });
}

/** The 村/社区 rows, each with the subdistrict its parent code names, in file order. */
export function nbsCommunities(rows: readonly NbsRow[]): NbsCommunity[] {
  return rows
    .filter((row) => row.level === 'village/community')
    .map((row) => {
      const street = STREETS.find((s) => s.code === row.parentCode);
      if (!street) throw new Error(`NBS csv: ${row.code} ${row.name} has unknown parent ${row.parentCode}`);
      return { ...row, street: street.id };
    });
}

/**
 * The map label for a committee: 新东方花园社区居民委员会 → 新东方花园社区, 遥墙村民委员会 → 遥墙村,
 * 孙村村民委员会 → 孙村 (no doubled 村). The committee's full name stays in `source`.
 */
export function communityLabel(committee: string): string {
  const village = committee.match(/^(.+?)村?村民委员会$/);
  if (village) return `${village[1]}村`;
  const community = committee.match(/^(.+?)(?:社区)?居民委员会$/);
  if (community) return `${community[1]}社区`;
  throw new Error(`NBS csv: cannot label committee ${committee}`);
}
