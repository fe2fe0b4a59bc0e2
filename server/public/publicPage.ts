import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Logger } from '../log.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { FirstView, type FirstViewParts } from './firstView.ts';
import { labelFonts } from './labelFonts.ts';

const ROOT_DIV = '<div id="root"></div>';
const BODY_END = '</body>';

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
  private readonly body: string | null;
  private readonly end: string;
  private readonly firstView: FirstView;
  private readonly pages = new Map<boolean, Page>();

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
    this.firstView = new FirstView(sync, labelFonts(clientDir));
  }

  html(embed: boolean): string {
    return this.page(embed).html;
  }

  gzip(embed: boolean): Uint8Array<ArrayBuffer> {
    const page = this.page(embed);
    return (page.gz ??= new Uint8Array(gzipSync(page.html)));
  }

  /** The page for the first view's current parts: rebuilt (and recompressed) only when they change. */
  private page(embed: boolean): Page {
    if (this.body === null) return { parts: null, html: this.head, gz: null };
    let parts: FirstViewParts | null = null;
    try {
      parts = this.firstView.parts(embed);
    } catch (err) {
      // The live page still works without them: send the page as built.
      this.log.error({ err }, 'public first view failed');
    }
    const last = this.pages.get(embed);
    if (last && parts && last.parts === parts) return last;
    // The view before the root, shown as it arrives; the state last, read when the script runs.
    const page: Page = { parts, html: this.head + (parts?.view ?? '') + this.body + (parts?.state ?? '') + this.end, gz: null };
    if (parts) this.pages.set(embed, page);
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
