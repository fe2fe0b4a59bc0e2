/*
 * The bounds every feature field value keeps (layout.ts has the rest of the layout). Apart from
 * layout.ts, which builds its key sets from the zod schemas, so that readers (docRead.ts) check
 * values without loading zod.
 */

/**
 * A JSON value in a feature field: a GeoJSON geometry is the deepest (MultiPolygon: object,
 * coordinates, polygons, rings, positions), a detailed boundary the biggest.
 */
export const MAX_VALUE_DEPTH = 8;
export const MAX_VALUE_CHARS = 1024 * 1024;

/**
 * Why a field value is not plain, bounded JSON, or null when it is. Iterative, so a value
 * nested far deeper than the bound is refused without walking it.
 */
export function jsonProblem(value: unknown): string | null {
  let chars = 0;
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth > MAX_VALUE_DEPTH) return `nested deeper than ${MAX_VALUE_DEPTH}`;
    if (v === null || typeof v === 'boolean') {
      chars += 5;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return 'a number that is not finite';
      chars += 8;
    } else if (typeof v === 'string') {
      chars += v.length + 2;
    } else if (Array.isArray(v)) {
      chars += 2 + v.length;
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
    } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        chars += k.length + 4;
        stack.push({ v: item, depth: depth + 1 });
      }
    } else {
      return `not JSON (${v === undefined ? 'undefined' : (v as object).constructor?.name ?? typeof v})`;
    }
    if (chars > MAX_VALUE_CHARS) return `larger than ${MAX_VALUE_CHARS} characters`;
  }
  return null;
}
