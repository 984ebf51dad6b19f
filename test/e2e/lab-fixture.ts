/**
 * The e2e tests' lab: `useLab(options)` registers the beforeAll that starts the real server
 * (`sgd-lab serve`), launches Chromium and opens the lab in a page whose errors it collects, and the
 * afterAll that closes the browser and stops the server. The tests read `lab.page`, `lab.server`,
 * `lab.browser` and `lab.pageErrors`, and open more pages of the same lab with `lab.open`.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type Server } from './helpers';
import { DEFAULT_TITLE } from './lab-actions';

export interface PageOptions {
  /** Default 1400 × 860. */
  viewport?: { width: number; height: number };
  /** Default dark. */
  colorScheme?: 'light' | 'dark';
  acceptDownloads?: boolean;
  /** Accepts every dialog (a preset asks before replacing edited runs); otherwise they are dismissed. */
  acceptDialogs?: boolean;
  /** Appended to the lab's address, which has a query already (`&autoplay=1`). */
  query?: string;
  /** A text to wait for (60 s) once the page is loaded; false: none. Default: the default experiment's title. */
  waitForText?: string | false;
}

export interface LabOptions extends PageOptions {
  /** false: no page is opened before the tests (they open their own with `lab.open`). */
  openPage?: boolean;
  /** Runs in the beforeAll once the page is open: what the file's tests start from. */
  setup?: (lab: Lab) => Promise<unknown>;
}

export interface Lab {
  readonly server: Server;
  readonly browser: Browser;
  /** The page opened before the tests. */
  readonly page: Page;
  /** The messages of the errors thrown in the lab's pages (`lab.page` and those of `lab.open`). */
  readonly pageErrors: string[];
  /** Opens the lab in a new page of the browser, its errors collected too. */
  open: (options?: PageOptions) => Promise<Page>;
}

/** Opens `url` in a new page of `browser`, its page errors pushed to `errors`, and waits as `options` say. */
export async function openLabPage(
  browser: Browser,
  url: string,
  errors: string[],
  options: PageOptions = {},
): Promise<Page> {
  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1400, height: 860 },
    colorScheme: options.colorScheme ?? 'dark',
    ...(options.acceptDownloads === undefined ? {} : { acceptDownloads: options.acceptDownloads }),
  });
  page.on('pageerror', (e) => errors.push(e.message));
  if (options.acceptDialogs) page.on('dialog', (d) => void d.accept());
  await page.goto(`${url}${options.query ?? ''}`);
  const text = options.waitForText ?? DEFAULT_TITLE;
  if (text !== false) await page.getByText(text).waitFor({ timeout: 60_000 });
  return page;
}

/** Registers the beforeAll and afterAll of a file's lab, and returns it (readable once beforeAll ran). */
export function useLab(options: LabOptions = {}): Lab {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the lab's ${what} is not there (before beforeAll, or not opened)`);
    return value;
  };
  const lab: Lab = {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get page() {
      return ready(page, 'page');
    },
    pageErrors: [],
    open: (pageOptions) => openLabPage(lab.browser, lab.server.url, lab.pageErrors, pageOptions),
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    if (options.openPage !== false) page = await lab.open(options);
    await options.setup?.(lab);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  return lab;
}
