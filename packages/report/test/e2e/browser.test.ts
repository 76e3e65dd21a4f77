/**
 * End to end, in a real browser: the generated report opened from file:// in headless Chromium
 * (Debian's `chromium` package, driven by playwright-core). Every chart must have rendered, the
 * console must stay clean, nothing may be fetched, no hostile name may run; screenshots go to
 * `packages/report/test-output/` (git-ignored).
 *
 * Chromium missing: locally the test is skipped with a message; in CI (`CI=true`) it fails,
 * because `.ci/run` installs the browser and its absence means the check did not happen.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ResultsFile } from '@rclab/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTS } from '../../src/charts/index.ts';
import { writeReport, type ReportOptions } from '../../src/index.ts';
import { loadFixture } from '../__helpers__/fixtures.ts';
import { HOSTILE } from '../fixtures/generate.ts';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from './chromium.ts';

const OUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const inCI = process.env.CI === 'true';
const available = chromiumAvailable();

interface Opened {
  readonly page: Page;
  /** Console errors and warnings, page errors, dialogs, and requests that left the file. */
  readonly problems: string[];
}

describe('the report in headless Chromium', () => {
  if (!available) {
    if (inCI) {
      it('needs Chromium', () => {
        throw new Error(`${CHROMIUM_PATH} is missing, so the report was not checked in a browser. .ci/run installs it: apt-get update && apt-get install -y chromium`);
      });
    } else {
      console.warn(`[@rclab/report] browser test skipped: ${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`);
      it.skip(`needs ${CHROMIUM_PATH}`, () => {});
    }
    return;
  }

  let context: BrowserContext;
  let close: () => Promise<void>;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    ({ context, close } = await launchChromium());
  });
  afterAll(async () => {
    await close();
  });

  async function open(name: string, results: readonly ResultsFile[], options: ReportOptions = {}): Promise<Opened> {
    const file = join(OUT, `${name}.html`);
    await writeReport(results, file, options);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!/^(file|data):/.test(r.url())) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems };
  }

  /** Waits until the boot script has replaced every static chart with a live view. */
  async function waitLive(page: Page): Promise<void> {
    await expect.poll(() => page.locator('figure[data-live="true"]').count(), { timeout: 30_000 }).toBe(CHARTS.length);
  }

  /** Every chart figure: its id, rendered marks and on-screen size. */
  async function charts(page: Page): Promise<{ id: string | null; marks: number; width: number; height: number }[]> {
    return page.$$eval('figure[data-chart]', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return { id: f.getAttribute('data-chart'), marks: svg?.querySelectorAll('[role="graphics-symbol"]').length ?? 0, width: box?.width ?? 0, height: box?.height ?? 0 };
      }),
    );
  }

  it('renders every chart and table of a full run, with a clean console and no network', async () => {
    const { page, problems } = await open('report-full', [loadFixture('full')]);
    const seen = await charts(page);
    expect(seen.map((c) => c.id).sort()).toEqual(CHARTS.map((c) => c.id).sort());
    for (const c of seen) {
      expect(c.marks, `${c.id}: marks`).toBeGreaterThan(5);
      expect(c.width, `${c.id}: width`).toBeGreaterThan(200);
      expect(c.height, `${c.id}: height`).toBeGreaterThan(100);
    }
    expect(await page.locator('[data-table="summary"] tbody tr').count()).toBeGreaterThan(5);
    // The article's six, plus the interpreter-faults check.
    expect(await page.locator('[data-table="atomicity"] tbody tr').count()).toBe(7);
    expect(await page.locator('script').count()).toBe(0);
    await page.screenshot({ path: join(OUT, 'report-full.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('fits the headline, the steadiness banner and the trade-off chart on the first screen at 1280×800; every chart SVG has an accessible name', async () => {
    const { page, problems } = await open('report-first-screen', [loadFixture('full')]);
    await page.setViewportSize({ width: 1280, height: 800 });
    const box = async (selector: string): Promise<{ top: number; bottom: number; left: number; right: number }> => {
      const b = await page.locator(selector).first().boundingBox();
      if (b === null) throw new Error(`${selector} is not on the page`);
      return { top: b.y, bottom: b.y + b.height, left: b.x, right: b.x + b.width };
    };
    for (const selector of ['#headline h2', '#headline .banner', '#headline ul.headline', 'figure[data-chart="trade-off"] svg']) {
      const b = await box(selector);
      expect(b.top, `${selector}: top`).toBeGreaterThanOrEqual(0);
      expect(b.bottom, `${selector}: bottom`).toBeLessThanOrEqual(800);
      expect(b.left, `${selector}: left`).toBeGreaterThanOrEqual(0);
      expect(b.right, `${selector}: right`).toBeLessThanOrEqual(1280);
    }
    expect(await page.locator('#headline ul.headline li').count()).toBeGreaterThan(3);
    expect(await page.locator('#headline .banner').textContent()).toMatch(/machine/i);
    const named = await page.$$eval('figure[data-chart] svg', (svgs) =>
      svgs.map((svg) => ({ role: svg.getAttribute('role'), label: svg.getAttribute('aria-label') ?? '', desc: svg.querySelector(':scope > desc')?.textContent ?? '' })),
    );
    expect(named.length).toBe(CHARTS.length);
    for (const n of named) {
      expect(n.role).toBe('img');
      expect(n.label.length).toBeGreaterThan(5);
      expect(n.desc.length).toBeGreaterThan(20);
    }
    await page.screenshot({ path: join(OUT, 'report-first-screen.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('makes every chart live in interactive mode, with tooltips, and no console error', async () => {
    const { page, problems } = await open('report-interactive', [loadFixture('full')], { interactive: true });
    await waitLive(page);
    const seen = await charts(page);
    for (const c of seen) expect(c.marks, `${c.id}: live marks`).toBeGreaterThan(5);
    expect(await page.locator('.chart-svg').count()).toBe(0);
    // Hover a dot of the overhead chart: Vega's default handler puts the values in a title.
    await page.locator('figure[data-chart="overhead"] .chart-live [role="graphics-symbol"][aria-roledescription="point"]').first().hover();
    await expect.poll(() => page.locator('figure[data-chart="overhead"] [title]').first().getAttribute('title')).toMatch(/ratio/);
    await page.screenshot({ path: join(OUT, 'report-interactive.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  // Every payload calls alert(): a dialog would show up in `problems`.
  it('shows hostile names as text and runs none of them, static and interactive', async () => {
    for (const interactive of [false, true]) {
      const { page, problems } = await open(`report-hostile${interactive ? '-interactive' : ''}`, [loadFixture('hostile')], { interactive, title: HOSTILE.strategy });
      if (interactive) await waitLive(page);
      expect(await page.title()).toBe(HOSTILE.strategy);
      expect(await page.locator('h1').textContent()).toBe(HOSTILE.strategy);
      expect(await page.locator('code', { hasText: HOSTILE.commandLine }).count()).toBe(1);
      expect(await page.locator('svg text', { hasText: HOSTILE.strategy }).count()).toBeGreaterThan(0);
      expect(await page.locator('img, iframe').count()).toBe(0);
      if (!interactive) {
        expect(await page.locator('script').count()).toBe(0);
        await page.screenshot({ path: join(OUT, 'report-hostile.png') });
      }
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('shows a note for every chart of an empty run', async () => {
    const { page, problems } = await open('report-empty', [loadFixture('empty')]);
    // Every chart, and the summary, overhead-matrix, counters, atomicity and cpython tables.
    expect(await page.locator('[data-empty]').count()).toBe(CHARTS.length + 5);
    expect(await page.locator('figure').count()).toBe(0);
    await page.screenshot({ path: join(OUT, 'report-empty.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('combines two results files', async () => {
    const { page, problems } = await open('report-two', [loadFixture('full'), loadFixture('one-strategy')], { sourceNames: ['epyc.json', 'gil-only.json'] });
    const seen = await charts(page);
    expect(seen.length).toBe(CHARTS.length);
    for (const c of seen) expect(c.marks, `${c.id}: marks`).toBeGreaterThan(5);
    expect(await page.locator('.env-card h3').allTextContents()).toEqual(['epyc.json', 'gil-only.json']);
    expect(problems).toEqual([]);
    await page.close();
  });
});
