// Browser checks of a built cxsite site, in headless Chromium driven by playwright-core.
//
//   node tests/browser/check.mjs <public dir> <out dir> [<public dir> <out dir>]...
//
// Run by tests/it/browser.rs (`cargo test`); it can also be run by hand on any built site.
// Each site is served on 127.0.0.1 and every HTML page of it is opened at phone (390×844) and
// desktop (1280×900) width, in one browser. For each page and width it checks that:
//   - the page loads (200), no request fails or answers ≥ 400, nothing is asked of another host,
//     no console message of level error and no uncaught exception;
//   - nothing overflows the viewport horizontally (documentElement.scrollWidth <= innerWidth),
//     and no element reaches past the viewport's right edge unless it is inside its own scroll
//     or clip container (.table-scroll, .journey-map-scroll, ...);
//   - every svg.chart has a non-empty <title> and something drawn in it (and a size when it is
//     shown), and the pages that should have charts have them;
//   - the texts of every shown svg.chart are at least 11 px on screen and no two of them
//     overlap (their boxes as drawn); printed, a trend's text is at least 7 pt;
//   - KPI values use the page language's decimal separator (en: 5.36, nl: 5,36);
//   - same-site links point to files that exist;
//   - on a journey map (journeys/<id>/index.html, and the first of each kind of its segment maps,
//     journeys/<id>/<kind>/<value>/index.html: the others share its template): the map needs no sideways scrolling at 390 px or
//     1280 px, and each emotion point lies within its touchpoint's column (at 1280 px, and at
//     900, 1600 and the print width); no text of it is smaller than 11 px on a screen or 7 pt in
//     print (what a reader takes in without leaning in); its text is kept for the Dutch test
//     (report.json: journey);
// and writes a full-page screenshot to <out>/<phone|desktop>/<page>.png, and one in dark mode to
// <out>/dark/<page>.png (where each chart's text and marks must keep a contrast of 3 or more),
// and prints each to <out>/print/<page>.pdf (A4: landscape for the summary and journey maps). Per site it prints the
// summary page to <out>/summary.pdf (the one-page board summary: one A4 landscape page) and checks the PDF, and checks under print media
// emulation that the site navigation is hidden (display: none). Each journey page is printed to
// <out>/journey-<id>.pdf (its own page size: landscape A4), and its map alone on landscape A4 and
// on short pages; every page of those must show a stage header (a link annotation to #stage-…).
//
// Writes <out>/report.json for each site and prints one line per problem. Exit code: 0 when no
// problem was found, 1 when some were (see the reports), 2 when the checks could not run.
// Environment: CXSITE_CHROMIUM, the browser to use (default /usr/bin/chromium).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const CHROMIUM = process.env.CXSITE_CHROMIUM || '/usr/bin/chromium';
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844, isMobile: true, hasTouch: true },
  { name: 'desktop', width: 1280, height: 900, isMobile: false, hasTouch: false },
];
// Pages (paths under the site, with `/` separators) that must show at least one svg.chart.
const CHART_PAGES = [
  /^index\.html$/,
  /^scores\/index\.html$/,
  /^journeys\/[^/]+\/index\.html$/,
  /^journeys\/[^/]+\/[^/]+\/[^/]+\/index\.html$/,
  /^personas\/[^/]+\/index\.html$/,
];
const SUMMARY_PAGE = 'index.html';
const JOURNEY_PAGE = /^journeys\/[^/]+\/index\.html$/;
// A journey's map for one segment (journeys/<id>/<kind>/<value>/index.html): the same map
// drawn from other figures. Each journey's first map of each kind is checked as a journey map.
const SEGMENT_MAP = /^journeys\/([^/]+\/[^/]+)\/[^/]+\/index\.html$/;
const isMap = (page) => JOURNEY_PAGE.test(page) || SEGMENT_MAP.test(page);

/** `pages` with only the first segment map of each journey and kind: they share one template. */
function sampleSegmentMaps(pages) {
  const seen = new Set();
  return pages.filter((page) => {
    const kind = SEGMENT_MAP.exec(page)?.[1];
    if (kind === undefined) return true;
    if (seen.has(kind)) return false;
    seen.add(kind);
    return true;
  });
}
const PAGE_TIMEOUT_MS = 20_000;

function fail(message) {
  console.error(`check.mjs: ${message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  fail('usage: node check.mjs <public dir> <out dir> [<public dir> <out dir>]...');
}
const sites = [];
for (let i = 0; i < args.length; i += 2) {
  const root = path.resolve(args[i]);
  if (!fs.existsSync(path.join(root, SUMMARY_PAGE))) fail(`${root}: no ${SUMMARY_PAGE}: build the site first`);
  sites.push({ root, out: path.resolve(args[i + 1]) });
}
if (!fs.existsSync(CHROMIUM)) {
  fail(`${CHROMIUM} not found: install Debian's Chromium with \`apt-get install chromium\``);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  fail(`playwright-core is not installed: run \`npm ci\` in tests/browser (${e.message})`);
}

/** Every .html file under `root`, as site paths with `/`, sorted. */
function htmlPages(root) {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.html')) pages.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return pages.sort();
}

/** The screenshot name of a page: journeys/online-order/index.html → journeys-online-order. */
function shotName(page) {
  const stem = page.replace(/(^|\/)index\.html$/, '').replace(/\.html$/, '');
  return stem === '' ? 'index' : stem.split('/').join('-');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.csv': 'text/csv',
  '.txt': 'text/plain; charset=utf-8', '.sha256': 'text/plain; charset=utf-8', '.pdf': 'application/pdf',
};

/** The file a same-site URL path names (a folder: its index.html), or null. */
function fileFor(root, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.join(root, path.normalize(rel));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) return fs.existsSync(path.join(file, 'index.html')) ? path.join(file, 'index.html') : null;
    return stat.isFile() ? file : null;
  } catch {
    return null;
  }
}

/** A static file server for `root` on 127.0.0.1 (a free port). */
async function serve(root) {
  const server = http.createServer((req, res) => {
    const file = fileFor(root, new URL(req.url, 'http://127.0.0.1').pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

// Runs in the page: layout, charts, KPI values and links.
function inspectPage(viewportWidth) {
  const cssPath = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && e !== document.documentElement; e = e.parentElement) {
      let part = e.localName;
      if (e.id) {
        parts.unshift(`${part}#${e.id}`);
        break;
      }
      const classes = [...e.classList].filter((c) => !/^\d/.test(c)).slice(0, 3);
      if (classes.length) part += '.' + classes.join('.');
      const parent = e.parentElement;
      if (parent) {
        const same = [...parent.children].filter((c) => c.localName === e.localName);
        if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      }
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  const round = (x) => Math.round(x * 10) / 10;
  const docEl = document.documentElement;
  const limit = Math.min(window.innerWidth, viewportWidth);

  // Elements reaching past the right edge, outside any scroll or clip container of their own.
  const isContainer = (e) => {
    if (e === document.body || e === docEl) return false;
    const x = getComputedStyle(e).overflowX;
    return x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip';
  };
  const offenders = [];
  const walk = (el) => {
    for (const child of el.children) {
      const style = getComputedStyle(child);
      if (style.display === 'none') continue;
      const rect = child.getBoundingClientRect();
      const right = rect.right + window.scrollX;
      const visible = rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden';
      if (visible && right > limit + 0.5) {
        const parentRect = el.getBoundingClientRect();
        // Report where the overflow starts: the outermost overflowing element of a branch.
        const parentOverflows = el !== document.body && parentRect.right + window.scrollX > limit + 0.5;
        if (!parentOverflows) {
          offenders.push({
            selector: cssPath(child),
            left: round(rect.left + window.scrollX),
            right: round(right),
            width: round(rect.width),
            parentWidth: round(parentRect.width),
            text: (child.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60),
          });
        }
      }
      if (!isContainer(child)) walk(child);
    }
  };
  walk(document.body);

  const charts = [...document.querySelectorAll('svg.chart')].map((svg) => {
    const title = svg.querySelector(':scope > title');
    const rect = svg.getBoundingClientRect();
    const shown = svg.checkVisibility ? svg.checkVisibility() : rect.width > 0;
    return {
      selector: cssPath(svg),
      title: title ? title.textContent.trim() : null,
      marks: svg.querySelectorAll('path, line, polyline, polygon, rect, circle, ellipse').length,
      shown,
      width: round(rect.width),
      height: round(rect.height),
    };
  });

  const kpis = [...document.querySelectorAll('.kpi')].map((kpi) => ({
    kind: [...kpi.classList].find((c) => c.startsWith('kpi-')) || null,
    value: (kpi.querySelector('.kpi-value')?.textContent || '').trim(),
  }));

  const links = [...document.querySelectorAll('a[href]')]
    .map((a) => a.href)
    .filter((href) => href.startsWith(location.origin + '/'));

  return {
    lang: docEl.lang,
    title: document.title,
    scrollWidth: docEl.scrollWidth,
    clientWidth: docEl.clientWidth,
    innerWidth: window.innerWidth,
    offenders,
    charts,
    kpis,
    links: [...new Set(links)],
    navs: document.querySelectorAll('nav.site-nav').length,
  };
}

// The smallest text a chart may show on screen, in CSS px, and in print, in pt.
const CHART_TEXT_MIN_PX = 11;
const CHART_PRINT_MIN_PT = 7;
// The width of an A4 page's text in CSS px (210 mm less the 13 mm margins of style.css's @page).
const A4_TEXT_PX = Math.round(((210 - 26) / 25.4) * 96);

// Runs in the page: each shown chart's texts as drawn (size in px, box), and the pairs whose
// boxes overlap by more than a hair.
function inspectChartTexts() {
  const round = (x) => Math.round(x * 10) / 10;
  return [...document.querySelectorAll('svg.chart')]
    .filter((svg) => svg.checkVisibility())
    .map((svg, index) => {
      const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal?.width || svg.getBoundingClientRect().width);
      const texts = [...svg.querySelectorAll('text')]
        .filter((t) => t.textContent.trim() !== '')
        .map((t) => {
          const r = t.getBoundingClientRect();
          return { text: t.textContent.trim(), px: round(parseFloat(getComputedStyle(t).fontSize) * scale), box: [r.left, r.top, r.right, r.bottom] };
        });
      const overlaps = [];
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const [a, b] = [texts[i].box, texts[j].box];
          const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
          const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
          if (w > 1 && h > 1) overlaps.push([texts[i].text, texts[j].text, round(w), round(h)]);
        }
      }
      const name = `svg.${[...svg.classList].join('.')}:nth(${index})`;
      return { name, texts: texts.map(({ text, px }) => ({ text, px })), overlaps };
    });
}

/** Problems of the charts' texts on a page as shown: too small, or overlapping. */
async function checkChartTexts(tab, page, viewport, problem, minPx, unit = 'px') {
  const charts = await tab.evaluate(inspectChartTexts);
  for (const chart of charts) {
    const small = chart.texts.filter((t) => t.px < minPx);
    if (small.length) {
      const shown = unit === 'pt' ? (px) => `${Math.round(px * 7.5) / 10} pt` : (px) => `${px} px`;
      problem(page, viewport, 'chart-text', `${chart.name}: ${small.length} text(s) under ${unit === 'pt' ? `${CHART_PRINT_MIN_PT} pt` : `${minPx} px`}, e.g. "${small[0].text}" at ${shown(small[0].px)}`);
    }
    for (const [a, b, w, h] of chart.overlaps) {
      problem(page, viewport, 'chart-overlap', `${chart.name}: "${a}" and "${b}" overlap (${w}×${h} px)`);
    }
  }
  return charts;
}

/** Under print media at an A4 page's width: the charts of the summary page. */
async function checkPrintedCharts(tab, origin, problem) {
  const size = tab.viewportSize();
  await tab.setViewportSize({ width: A4_TEXT_PX, height: size.height });
  await tab.goto(`${origin}/${SUMMARY_PAGE}`, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
  await tab.emulateMedia({ media: 'print' });
  const charts = await checkChartTexts(tab, SUMMARY_PAGE, 'print', problem, (CHART_PRINT_MIN_PT * 96) / 72, 'pt');
  await tab.emulateMedia({ media: null });
  await tab.setViewportSize(size);
  return charts.length;
}

// Runs in the page under print media: the display of each site nav (or the ancestor hiding it).
function printNav() {
  return [...document.querySelectorAll('nav.site-nav')].map((nav) => {
    for (let e = nav; e; e = e.parentElement) {
      if (getComputedStyle(e).display === 'none') return { display: 'none', hiddenBy: e === nav ? 'nav' : e.localName };
    }
    return { display: getComputedStyle(nav).display, hiddenBy: null };
  });
}

/**
 * In the page (dark mode): each chart text, line and point against the colour behind it; a
 * contrast ratio under 3 (WCAG's for graphics and large text) is a problem.
 */
function inspectDarkContrast() {
  const rgb = (text) => (text.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) =>
    [r, g, b].map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const behind = (element) => {
    for (let e = element.closest('svg')?.parentElement; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c.slice(0, 3);
    }
    return rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3);
  };
  const problems = [];
  let checked = 0;
  for (const mark of document.querySelectorAll('svg.chart text, svg.chart .line, svg.chart .dot, svg.chart .point circle, svg.chart circle.point')) {
    const style = getComputedStyle(mark);
    if (style.display === 'none' || style.visibility === 'hidden' || mark.getBoundingClientRect().width === 0) continue;
    // Text shows its fill; a line its stroke; a point its fill or, hollow, its stroke: the
    // better of the two paints is what the reader sees.
    const paints = (mark.tagName === 'text' ? [style.fill] : [style.fill, style.stroke]).map(rgb).filter((c) => c.length >= 3);
    if (paints.length === 0) continue;
    checked += 1;
    const ground = behind(mark);
    const contrast = Math.max(...paints.map((c) => ratio(c.slice(0, 3), ground)));
    if (contrast < 3) {
      const what = mark.tagName === 'text' ? `text "${mark.textContent.trim().slice(0, 30)}"` : `${mark.tagName}.${mark.getAttribute('class')}`;
      problems.push(`${what} in ${mark.closest('svg').getAttribute('class')}: contrast ${contrast.toFixed(2)} in dark mode`);
    }
  }
  return { checked, problems };
}

/** Checks one PDF file: header, trailer, page count, page size (A4, portrait unless `landscape`). */
function checkPdf(file, { landscape = false, maxPages = Infinity } = {}) {
  const problems = [];
  if (!fs.existsSync(file)) return { bytes: 0, pages: 0, problems: ['no PDF was written'] };
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('latin1');
  if (!text.startsWith('%PDF-')) problems.push('does not start with %PDF-');
  if (!text.slice(-1024).includes('%%EOF')) problems.push('no %%EOF trailer');
  const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  if (pages < 1) problems.push('has no pages');
  if (pages > maxPages) problems.push(`has ${pages} pages; at most ${maxPages} expected`);
  // A4 is 595.28 × 841.89 pt.
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) =>
    [m[3] - m[1], m[4] - m[2]].map(Number),
  );
  const a4 = (w, h) => (landscape ? [h, w] : [w, h]).every((v, i) => Math.abs(v - [595.28, 841.89][i]) < 2);
  if (boxes.length === 0) problems.push('no /MediaBox');
  else if (!boxes.every(([w, h]) => a4(w, h))) {
    problems.push(`pages are not A4 ${landscape ? 'landscape' : 'portrait'}: ${JSON.stringify(boxes[0])} pt`);
  }
  return { bytes: bytes.length, pages, mediaBox: boxes[0] || null, problems };
}

const started = Date.now();
let browser;
let exitCode = 0;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // No --user-data-dir: Playwright starts the browser with a fresh temporary one of its own.
    ],
  });
} catch (e) {
  fail(`could not start ${CHROMIUM}: ${e.message}`);
}

try {
  for (const site of sites) {
    const problems = await checkSite(site);
    if (problems.length) exitCode = 1;
  }
} catch (e) {
  console.error(`check.mjs: ${e.stack || e}`);
  exitCode = 2;
} finally {
  await browser.close().catch(() => {});
}
console.log(`check.mjs: ${sites.length} site(s) checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(exitCode);

async function checkSite({ root, out }) {
  const siteStarted = Date.now();
  // Only what this run writes is replaced, so sites can share a parent folder (out, out/nl).
  for (const name of [...VIEWPORTS.map((v) => v.name), 'dark', 'print', 'summary.pdf', 'report.json']) {
    fs.rmSync(path.join(out, name), { recursive: true, force: true });
  }
  for (const name of [...VIEWPORTS.map((v) => v.name), 'dark', 'print']) fs.mkdirSync(path.join(out, name), { recursive: true });
  const pages = sampleSegmentMaps(htmlPages(root));
  const { server, origin } = await serve(root);
  const problems = [];
  const report = { root, out, origin, lang: null, pages: [], pdf: null, printNav: null, problems };
  const problem = (page, viewport, kind, message) => {
    problems.push({ page, viewport, kind, message });
    console.log(`${path.basename(out)}: ${page} [${viewport ?? '-'}] ${kind}: ${message}`);
  };

  // One context per width, one tab each, the widths side by side.
  await Promise.all(
    VIEWPORTS.map(async (viewport) => {
      const context = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        deviceScaleFactor: 1,
        isMobile: viewport.isMobile,
        hasTouch: viewport.hasTouch,
        reducedMotion: 'reduce',
      });
      const tab = await context.newPage();
      let events = null;
      // Nothing leaves the site: a request to another host is answered with an error, and reported.
      await context.route(
        (url) => url.origin !== origin,
        (route) => {
          events?.external.push(route.request().url());
          return route.abort('blockedbyclient');
        },
      );
      tab.on('console', (msg) => {
        if (!events) return;
        const where = msg.location()?.url ? ` (${msg.location().url.replace(origin, '')}:${msg.location().lineNumber})` : '';
        if (msg.type() === 'error') events.errors.push(msg.text() + where);
        else if (msg.type() === 'warning') events.warnings.push(msg.text() + where);
      });
      tab.on('pageerror', (err) => events?.errors.push(`uncaught: ${err.message}`));
      tab.on('requestfailed', (req) => {
        // A request to another host is reported as such, and one that answered ≥ 400 already is.
        if (events && !events.external.includes(req.url()) && !events.failed.some((f) => f.startsWith(`${req.url().replace(origin, '')}: HTTP`))) {
          events.failed.push(`${req.url().replace(origin, '')}: ${req.failure()?.errorText ?? 'failed'}`);
        }
      });
      tab.on('response', (res) => {
        if (events && res.status() >= 400) events.failed.push(`${res.url().replace(origin, '')}: HTTP ${res.status()}`);
      });

      for (const page of pages) {
        events = { errors: [], warnings: [], failed: [], external: [] };
        const entry = { page, viewport: viewport.name, status: null };
        report.pages.push(entry);
        let response;
        try {
          response = await tab.goto(`${origin}/${page}`, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
        } catch (e) {
          problem(page, viewport.name, 'load', `did not load: ${e.message.split('\n')[0]}`);
          continue;
        }
        entry.status = response?.status() ?? null;
        if (entry.status !== 200) problem(page, viewport.name, 'load', `HTTP ${entry.status}`);
        await tab.evaluate(() => document.fonts.ready);

        const info = await tab.evaluate(inspectPage, viewport.width);
        report.lang ??= info.lang;
        Object.assign(entry, {
          title: info.title,
          lang: info.lang,
          scrollWidth: info.scrollWidth,
          innerWidth: info.innerWidth,
          offenders: info.offenders,
          charts: info.charts.length,
          kpis: info.kpis,
        });

        // Layout: no horizontal overflow.
        const limit = Math.min(info.innerWidth, viewport.width);
        if (info.scrollWidth > limit) {
          problem(page, viewport.name, 'overflow', `document is ${info.scrollWidth} px wide in a ${limit} px viewport`);
        }
        for (const o of info.offenders) {
          problem(
            page,
            viewport.name,
            'overflow',
            `${o.selector} reaches x = ${o.right} px (left ${o.left}, width ${o.width}, parent width ${o.parentWidth}) ` +
              `past the ${limit} px viewport${o.text ? `: "${o.text}"` : ''}`,
          );
        }

        // Charts.
        if (CHART_PAGES.some((re) => re.test(page)) && info.charts.length === 0) {
          problem(page, viewport.name, 'chart', 'no svg.chart on a page that should have charts');
        }
        for (const chart of info.charts) {
          if (!chart.title) problem(page, viewport.name, 'chart', `${chart.selector} has no <title> (or an empty one)`);
          if (chart.marks === 0) problem(page, viewport.name, 'chart', `${chart.selector} draws nothing`);
          if (chart.shown && (chart.width < 1 || chart.height < 1)) {
            problem(page, viewport.name, 'chart', `${chart.selector} is shown at ${chart.width}×${chart.height} px`);
          }
        }

        // Chart texts: readable and apart.
        entry.chartTexts = (await checkChartTexts(tab, page, viewport.name, problem, CHART_TEXT_MIN_PX)).reduce((n, c) => n + c.texts.length, 0);

        // The pain-point tables fit their card: no sideways scrolling at desktop width, and on a
        // phone each pain point is a card.
        {
          const scrolled = await tab.evaluate(() =>
            [...document.querySelectorAll('.table-scroll')]
              .filter((box) => box.querySelector('table.pain-points') && box.scrollWidth > box.clientWidth + 1)
              .map((box) => box.scrollWidth - box.clientWidth),
          );
          for (const by of scrolled) problem(page, viewport.name, 'table-fit', `the pain-point table scrolls sideways by ${by} px`);
        }

        // KPI values in the page's language.
        for (const kpi of info.kpis) {
          const number = /\d[.,]\d/.exec(kpi.value);
          if (!number) continue;
          const wrong = info.lang === 'nl' ? /\d\.\d/.test(kpi.value) : /\d,\d/.test(kpi.value);
          if (wrong) problem(page, viewport.name, 'kpi', `${kpi.kind}: "${kpi.value}" has the wrong decimal separator for lang=${info.lang}`);
        }
        if (page === SUMMARY_PAGE) {
          const ces = info.kpis.find((k) => k.kind === 'kpi-ces');
          // The CES mean with its scale: "5.36 / 7" (nl "5,36 / 7").
          const pattern = info.lang === 'nl' ? /^\d,\d\d \/ \d+$/ : /^\d\.\d\d \/ \d+$/;
          if (!ces) problem(page, viewport.name, 'kpi', 'no CES KPI (.kpi.kpi-ces) on the summary page');
          else if (!pattern.test(ces.value)) {
            problem(page, viewport.name, 'kpi', `CES KPI "${ces.value}" is not a mean with its scale like ${info.lang === 'nl' ? '5,36 / 7' : '5.36 / 7'}`);
          }
        }

        // The journey map.
        if (isMap(page)) {
          const map = await checkJourneyMap(tab, viewport);
          entry.journey = map;
          for (const p of map.problems) problem(page, viewport.name, 'journey', p);
        }

        // Same-site links point to files.
        if (viewport.name === 'desktop') {
          for (const link of info.links) {
            if (!fileFor(root, new URL(link).pathname)) problem(page, null, 'link', `link to a missing file: ${link.replace(origin, '')}`);
          }
        }

        // Screenshot of the whole page.
        const shot = path.join(out, viewport.name, `${shotName(page)}.png`);
        await tab.screenshot({ path: shot, fullPage: true, animations: 'disabled', timeout: PAGE_TIMEOUT_MS });
        entry.screenshot = path.relative(out, shot);

        // Dark mode at desktop width: a screenshot, and every chart's text and marks readable
        // against the card behind them.
        if (viewport.name === 'desktop') {
          await tab.emulateMedia({ colorScheme: 'dark' });
          const dark = path.join(out, 'dark', `${shotName(page)}.png`);
          await tab.screenshot({ path: dark, fullPage: true, animations: 'disabled', timeout: PAGE_TIMEOUT_MS });
          entry.darkScreenshot = path.relative(out, dark);
          const faint = await tab.evaluate(inspectDarkContrast);
          entry.darkMarks = faint.checked;
          for (const f of faint.problems) problem(page, 'dark', 'dark-contrast', f);
          await tab.emulateMedia({ colorScheme: null });

          // Print: every page to a PDF on A4 of the stylesheet's orientation (landscape for the
          // board summary and the journey maps, portrait for the rest).
          const printed = path.join(out, 'print', `${shotName(page)}.pdf`);
          await tab.emulateMedia({ media: 'print' });
          await tab.pdf({ path: printed, preferCSSPageSize: true, printBackground: true });
          await tab.emulateMedia({ media: null });
          const landscape = page === SUMMARY_PAGE || isMap(page);
          entry.print = { path: path.relative(out, printed), ...checkPdf(printed, { landscape }) };
          for (const p of entry.print.problems) problem(page, 'print', 'print-pdf', `${entry.print.path} ${p}`);
        }

        // Everything the page did while loading, drawing and being photographed.
        Object.assign(entry, events);
        for (const e of events.errors) problem(page, viewport.name, 'console', e);
        for (const f of events.failed) problem(page, viewport.name, 'request', `failed: ${f}`);
        for (const x of events.external) problem(page, viewport.name, 'request', `request to another host: ${x}`);
        events = null;
      }

      // Print: the summary page's charts at an A4 page's width.
      if (viewport.name === 'desktop') report.printedCharts = await checkPrintedCharts(tab, origin, problem);

      // Print: the summary page to an A4 PDF, and the navigation hidden under print media.
      if (viewport.name === 'desktop') {
        await tab.goto(`${origin}/${SUMMARY_PAGE}`, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
        await tab.emulateMedia({ media: 'print' });
        const navs = await tab.evaluate(printNav);
        report.printNav = navs;
        if (navs.length === 0) problem(SUMMARY_PAGE, 'print', 'print-nav', 'no nav.site-nav on the summary page');
        for (const nav of navs) {
          if (nav.display !== 'none') {
            problem(SUMMARY_PAGE, 'print', 'print-nav', `nav.site-nav is display: ${nav.display} under print media; the print stylesheet should hide it`);
          }
        }
        // The board summary shows these parts on paper and leaves the long lists to the screen.
        report.board = await tab.evaluate(() => {
          const shown = (selector) => [...document.querySelectorAll(selector)].some((e) => getComputedStyle(e).display !== 'none');
          return {
            shown: ['.board-kpis', '.board-trend', '.board-actions', '.board-moved', '.summary-line'].filter(shown),
            hiddenLists: [...document.querySelectorAll('.not-on-board')].every((e) => getComputedStyle(e).display === 'none'),
          };
        });
        const pdf = path.join(out, 'summary.pdf');
        // The page size is the stylesheet's: the summary is the one-page board summary, A4 landscape.
        await tab.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
        await tab.emulateMedia({ media: null });
        report.pdf = { path: path.relative(out, pdf), ...checkPdf(pdf, { landscape: true, maxPages: 1 }) };
        for (const p of report.pdf.problems) problem(SUMMARY_PAGE, 'print', 'pdf', `summary.pdf ${p}`);

        // Journey maps on paper.
        report.journeyPrint = [];
        for (const page of pages.filter((p) => JOURNEY_PAGE.test(p))) {
          const printed = await printJourneyMap(tab, origin, page, out);
          report.journeyPrint.push(printed);
          for (const p of printed.problems) problem(page, 'print', 'journey-print', p);
        }
      }
      await context.close();
    }),
  );
  server.close();

  report.pages.sort((a, b) => a.page.localeCompare(b.page) || a.viewport.localeCompare(b.viewport));
  report.seconds = (Date.now() - siteStarted) / 1000;
  fs.writeFileSync(path.join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(
    `check.mjs: ${root}: ${pages.length} pages × ${VIEWPORTS.length} widths in ${report.seconds.toFixed(1)} s, ` +
      `${problems.length} problem(s); screenshots and report.json in ${out}`,
  );
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The journey map: its fit, its emotion points' columns, its text, and its print.

/** Checks the journey map of the open page at its viewport, and at other widths on a desktop. */
async function checkJourneyMap(tab, viewport) {
  const result = { problems: [], points: 0, widths: [] };
  const measure = async (label) => {
    const m = await tab.evaluate(inspectJourneyMap, tab.viewportSize().width);
    result.widths.push(label);
    result.points = Math.max(result.points, m.points);
    for (const p of m.problems) result.problems.push(`at ${label}: ${p}`);
    return m;
  };
  const first = await measure(`${viewport.width} px`);
  result.text = first.text;
  if (first.tables === 0) {
    result.problems.push('no table.journey-map on a journey page');
    return result;
  }
  if (viewport.name === 'desktop') {
    // The points stay in their columns at any width, and under print media.
    for (const width of [900, 1600]) {
      await tab.setViewportSize({ width, height: viewport.height });
      await measure(`${width} px`);
    }
    await tab.setViewportSize({ width: 1047, height: 700 });
    await tab.emulateMedia({ media: 'print' });
    await measure('print (1047 px)');
    await tab.emulateMedia({ media: null });
    await tab.setViewportSize({ width: viewport.width, height: viewport.height });
  }
  return result;
}

// Runs in the page: the map's fit and each emotion point against its touchpoint's column.
function inspectJourneyMap(viewportWidth) {
  const problems = [];
  const tables = document.querySelectorAll('table.journey-map');
  const box = document.querySelector('.journey-map-scroll');
  const narrow = viewportWidth <= 600;
  // The map fits at 390 px (a timeline) and 1280 px: no sideways scrolling inside its own box.
  if (box && (narrow || viewportWidth >= 1280) && matchMedia('screen').matches) {
    if (box.scrollWidth > box.clientWidth + 1) {
      problems.push(`the map scrolls sideways: ${box.scrollWidth} px of content in a ${box.clientWidth} px box`);
    }
  }
  let points = 0;
  const curve = document.querySelector('svg.emotion-curve');
  const shown = curve && curve.getBoundingClientRect().width > 0 && getComputedStyle(curve).display !== 'none';
  if (shown) {
    for (const g of curve.querySelectorAll('g.point[data-touchpoint]')) {
      const id = g.getAttribute('data-touchpoint');
      const column = document.querySelector(`th.tp-name[data-touchpoint="${CSS.escape(id)}"]`);
      const dot = g.querySelector('circle').getBoundingClientRect();
      points += 1;
      if (!column) {
        problems.push(`emotion point ${id} has no touchpoint column`);
        continue;
      }
      const col = column.getBoundingClientRect();
      if (dot.left < col.left - 0.5 || dot.right > col.right + 0.5) {
        problems.push(
          `emotion point ${id} (x ${Math.round(dot.left)}–${Math.round(dot.right)}) is outside its column ` +
            `(x ${Math.round(col.left)}–${Math.round(col.right)})`,
        );
      }
    }
    if (points === 0 && !narrow) problems.push('the emotion curve has no points');
  }
  const section = document.querySelector('.journey-map-section');
  // Text too small to read: each kind of element once, with the first words it holds.
  const least = matchMedia('print').matches ? (7 * 96) / 72 : 11;
  const small = new Map();
  for (const e of section ? section.querySelectorAll('*') : []) {
    const words = [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(' ').trim();
    if (!words || e.getClientRects().length === 0 || getComputedStyle(e).visibility === 'hidden') continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    const name = `${e.localName}${[...e.classList].map((c) => `.${c}`).join('')}`;
    if (size < least - 0.01 && !small.has(name)) small.set(name, `${Math.round(size * 100) / 100} px: ${JSON.stringify(words.slice(0, 30))}`);
  }
  for (const [name, what] of small) {
    problems.push(`text smaller than ${matchMedia('print').matches ? '7 pt' : '11 px'}: ${name} (${what})`);
  }
  // The interface text of the map, as the Dutch test reads it (textContent: without the style
  // sheet's capitals), with the titles a pointer shows.
  const titles = section ? [...section.querySelectorAll('[title]')].map((e) => e.getAttribute('title')) : [];
  const text = section ? `${section.textContent.replace(/\s+/g, ' ')} ${titles.join(' | ')}` : '';
  return { tables: tables.length, points, problems, text };
}

/**
 * Prints a journey page: whole (its own page size), and its map alone on landscape A4 and on
 * short pages (so that it needs several); every page of the map must carry a stage header.
 */
async function printJourneyMap(tab, origin, page, out) {
  const id = page.split('/')[1];
  const problems = [];
  const result = { page, problems };
  await tab.goto(`${origin}/${page}`, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
  const whole = path.join(out, `journey-${id}.pdf`);
  await tab.pdf({ path: whole, preferCSSPageSize: true, printBackground: true });
  result.whole = pdfPages(whole);
  for (const [i, p] of result.whole.entries()) {
    if (!isA4Landscape(p.mediaBox)) problems.push(`journey-${id}.pdf page ${i + 1} is not landscape A4: ${JSON.stringify(p.mediaBox)} pt`);
  }
  // The map alone: every page it takes must show a stage header.
  await tab.evaluate(() => {
    for (const e of document.querySelectorAll('body > :not(main), main > :not(.journey-map-section)')) e.remove();
  });
  const variants = [
    ['landscape A4', `journey-${id}-map.pdf`, { preferCSSPageSize: true }],
    ['short pages', `journey-${id}-map-short.pdf`, { width: '297mm', height: '110mm', preferCSSPageSize: false }],
  ];
  for (const [label, name, options] of variants) {
    const file = path.join(out, name);
    await tab.pdf({ path: file, printBackground: true, ...options });
    const pages = pdfPages(file);
    result[label] = pages.map((p) => p.stages.length);
    if (pages.length === 0) problems.push(`${name} has no pages`);
    for (const [i, p] of pages.entries()) {
      if (p.stages.length === 0) problems.push(`${name} (${label}) page ${i + 1} of ${pages.length} shows no stage header`);
    }
  }
  return result;
}

function isA4Landscape(box) {
  return box && Math.abs(box[0] - 841.89) < 2 && Math.abs(box[1] - 595.28) < 2;
}

/**
 * The pages of a PDF that Chromium wrote: each page's size and the stage anchors (`#stage-…`)
 * its link annotations point to. Chromium writes plain objects, one `N 0 obj … endobj` each.
 */
function pdfPages(file) {
  const text = fs.readFileSync(file).toString('latin1');
  const objects = new Map();
  for (const m of text.matchAll(/(\d+) 0 obj\b([\s\S]*?)\bendobj/g)) objects.set(m[1], m[2]);
  const refs = (value) => [...(value || '').matchAll(/(\d+) 0 R/g)].map((m) => m[1]);
  const pages = [];
  for (const body of objects.values()) {
    if (!/\/Type\s*\/Page(?![a-zA-Z])/.test(body)) continue;
    const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(body);
    let annots = /\/Annots\s*(\[[^\]]*\]|\d+ 0 R)/.exec(body)?.[1] ?? '';
    if (!annots.startsWith('[')) annots = objects.get(refs(annots)[0]) ?? '';
    const stages = refs(annots)
      .map((n) => /\/(?:Dest|D)\s*[/(](stage-[^\s/()<>[\]]+)/.exec(objects.get(n) ?? '')?.[1])
      .filter(Boolean);
    pages.push({ mediaBox: box ? [box[3] - box[1], box[4] - box[2]] : null, stages: [...new Set(stages)] });
  }
  return pages;
}
