import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Logger } from '../log.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { FirstView, withCard, type FirstViewParts } from './firstView.ts';
import { labelFonts } from './labelFonts.ts';
import { knownTarget, shareHead, type ShareFacts, type ShareTarget } from './shareCard.ts';

const ROOT_DIV = '<div id="root"></div>';
const BODY_END = '</body>';
const HEAD_END = '</head>';
/** The built page's own title and description: the share card's (shareCard.ts) take their place. */
const BUILT_TITLE = /<title>[^<]*<\/title>\s*|<meta name="description"[^>]*>\s*/g;
/**
 * Pages kept at once (a page is ~150 KB and its gzip ~30 KB), the least recently sent dropped first:
 * one per embed × venue link × site address is asked for, so the map's own and a venue link shared
 * widely stay, and neither many venues nor host headers nobody uses again pile up.
 */
const MAX_PAGES = 32;

/** Which link the page is for: the site's address (absolute URLs of the share card) and the place it points at, or none. */
export type PageLink = { base: string; target: ShareTarget | null };

type Page = { parts: FirstViewParts | null; html: string; gz: Uint8Array<ArrayBuffer> | null };
const STYLESHEET = /<link rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"[^>]*>/g;

/**
 * The `/public` page as sent: the built public.html with its (small) stylesheets inlined, so the
 * first paint waits for no second round trip, the first view (list and sketch, firstView.ts)
 * written in before the root, and the public doc's state at the end of the body. Gzipped for browsers that accept it; the page changes only with
 * the public doc, so the compressed bytes are reused until then.
 */
export class PublicPage {
  private readonly head: string;
  private readonly headEnd: string;
  /** The built title and description, for a page sent without its first view. */
  private readonly builtHead: string = '';
  private readonly body: string | null;
  private readonly end: string;
  private readonly firstView: FirstView;
  private readonly pages = new Map<string, Page>();

  constructor(
    built: string,
    clientDir: string,
    sync: SyncServer,
    private readonly log: Logger,
  ) {
    const page = inlineStyles(built, clientDir);
    const at = page.indexOf(ROOT_DIV);
    const close = page.lastIndexOf(BODY_END);
    if (at < 0 || close < at) {
      [this.head, this.body, this.end] = [page, null, ''];
    } else {
      [this.head, this.body, this.end] = [page.slice(0, at), page.slice(at, close), page.slice(close)];
    }
    // The share card's tags go last in <head>, after the built ones they replace.
    const headAt = this.head.indexOf(HEAD_END);
    if (headAt < 0) this.headEnd = '';
    else {
      this.builtHead = this.head.slice(0, headAt).match(BUILT_TITLE)?.join('') ?? '';
      [this.head, this.headEnd] = [this.head.slice(0, headAt).replace(BUILT_TITLE, ''), this.head.slice(headAt)];
    }
    this.firstView = new FirstView(sync, labelFonts(clientDir));
  }

  async html(embed: boolean, link: PageLink): Promise<string> {
    return (await this.page(embed, link)).html;
  }

  async gzip(embed: boolean, link: PageLink): Promise<Uint8Array<ArrayBuffer>> {
    const page = await this.page(embed, link);
    return (page.gz ??= new Uint8Array(gzipSync(page.html)));
  }

  /** What the share card says now (its picture is drawn from it), or null when the first view fails. */
  async shareFacts(): Promise<ShareFacts | null> {
    try {
      return (await this.firstView.parts(false)).facts;
    } catch (err) {
      this.log.error({ err }, 'public first view failed');
      return null;
    }
  }

  /** The page for the first view's current parts: rebuilt (and recompressed) only when they change. */
  private async page(embed: boolean, link: PageLink): Promise<Page> {
    if (this.body === null) return { parts: null, html: this.head + this.builtHead + this.headEnd, gz: null };
    let parts: FirstViewParts | null = null;
    try {
      parts = await this.firstView.parts(embed);
    } catch (err) {
      // The live page still works without them: send the page as built.
      this.log.error({ err }, 'public first view failed');
    }
    // Only a place the public doc has gets a share card (and a page) of its own; any other id, the zone's.
    const target = parts ? knownTarget(parts.facts, link.target) : null;
    const key = `${embed ? 1 : 0} ${target ? `${target.layer}:${target.id}` : ''} ${link.base}`;
    const last = this.pages.get(key);
    if (last && parts && last.parts === parts) {
      this.pages.delete(key);
      this.pages.set(key, last);
      return last;
    }
    const head = parts ? shareHead(parts.facts, link.base, target) : this.builtHead;
    // The view before the root, shown as it arrives; the state last, read when the script runs.
    // A venue's link shows the venue's card in the first view, instead of the list (an activity's
    // or a partner's card is drawn by the script).
    const card = target?.layer === 'venue' ? parts?.cards.get(target.id) : undefined;
    const view = parts ? (card ? withCard(parts.view, card) : parts.view) : '';
    const page: Page = { parts, html: this.head + head + this.headEnd + view + this.body + (parts?.state ?? '') + this.end, gz: null };
    if (parts) {
      this.pages.delete(key);
      if (this.pages.size >= MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
      this.pages.set(key, page);
    }
    return page;
  }
}

/** The page's own stylesheets (a few KB) as <style> elements; the CSP allows inline styles. */
function inlineStyles(html: string, clientDir: string): string {
  return html.replace(STYLESHEET, (link, href: string) => {
    const file = path.join(clientDir, href);
    // Relative url()s would resolve against the page instead of /assets/: keep such a file linked.
    if (!file.startsWith(path.join(clientDir, 'assets')) || !fs.existsSync(file)) return link;
    const css = fs.readFileSync(file, 'utf8');
    return /url\(\s*['"]?(?!data:)/.test(css) || css.includes('</style') ? link : `<style>${css}</style>`;
  });
}
