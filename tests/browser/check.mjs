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
// and writes a full-page screenshot to <out>/<phone|desktop>/<page>.png. Per site it prints the
// summary page to <out>/summary.pdf (A4) and checks the PDF, and checks under print media
// emulation that the site navigation is hidden (display: none).
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
  /^personas\/[^/]+\/index\.html$/,
];
const SUMMARY_PAGE = 'index.html';
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

/** Checks one PDF file: header, trailer, page count, page size. */
function checkPdf(file) {
  const problems = [];
  if (!fs.existsSync(file)) return { bytes: 0, pages: 0, problems: ['no PDF was written'] };
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('latin1');
  if (!text.startsWith('%PDF-')) problems.push('does not start with %PDF-');
  if (!text.slice(-1024).includes('%%EOF')) problems.push('no %%EOF trailer');
  const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  if (pages < 1) problems.push('has no pages');
  // A4 is 595.28 × 841.89 pt.
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) =>
    [m[3] - m[1], m[4] - m[2]].map(Number),
  );
  const a4 = (w, h) => Math.abs(w - 595.28) < 2 && Math.abs(h - 841.89) < 2;
  if (boxes.length === 0) problems.push('no /MediaBox');
  else if (!boxes.every(([w, h]) => a4(w, h))) problems.push(`pages are not A4: ${JSON.stringify(boxes[0])} pt`);
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
  for (const name of [...VIEWPORTS.map((v) => v.name), 'summary.pdf', 'report.json']) {
    fs.rmSync(path.join(out, name), { recursive: true, force: true });
  }
  for (const viewport of VIEWPORTS) fs.mkdirSync(path.join(out, viewport.name), { recursive: true });
  const pages = htmlPages(root);
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

        // KPI values in the page's language.
        for (const kpi of info.kpis) {
          const number = /\d[.,]\d/.exec(kpi.value);
          if (!number) continue;
          const wrong = info.lang === 'nl' ? /\d\.\d/.test(kpi.value) : /\d,\d/.test(kpi.value);
          if (wrong) problem(page, viewport.name, 'kpi', `${kpi.kind}: "${kpi.value}" has the wrong decimal separator for lang=${info.lang}`);
        }
        if (page === SUMMARY_PAGE) {
          const ces = info.kpis.find((k) => k.kind === 'kpi-ces');
          const pattern = info.lang === 'nl' ? /^\d,\d\d$/ : /^\d\.\d\d$/;
          if (!ces) problem(page, viewport.name, 'kpi', 'no CES KPI (.kpi.kpi-ces) on the summary page');
          else if (!pattern.test(ces.value)) {
            problem(page, viewport.name, 'kpi', `CES KPI "${ces.value}" is not a number like ${info.lang === 'nl' ? '5,36' : '5.36'}`);
          }
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
        const pdf = path.join(out, 'summary.pdf');
        await tab.pdf({ path: pdf, format: 'A4', printBackground: true });
        await tab.emulateMedia({ media: null });
        report.pdf = { path: path.relative(out, pdf), ...checkPdf(pdf) };
        for (const p of report.pdf.problems) problem(SUMMARY_PAGE, 'print', 'pdf', `summary.pdf ${p}`);
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
