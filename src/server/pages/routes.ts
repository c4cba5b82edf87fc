/**
 * @module server/pages/routes
 * The dashboard: server-rendered pages (hono/html) with htmx for forms, and charts from Observable Plot
 * rendered on the server. Every page reads the same engines and the same log as the API. Each page or
 * group of pages is its own sub-app; this puts them together in the order they are matched. The desk
 * (sign-in, /act) is mounted by the app itself, which owns the session limits it needs (see desk-pages).
 */
import { Hono } from 'hono';
import type { ApiEnv } from '../api.js';
import type { ServerContext } from '../context.js';
import { assessPages } from './assess-pages.js';
import { dutyPages } from './duty-pages.js';
import { ledgerPages } from './ledger-pages.js';
import { milestonesPage } from './milestones-page.js';
import { negotiationPages } from './negotiation-pages.js';
import { overviewPage } from './overview-page.js';
import { simulatorPages } from './simulator-pages.js';
import { staticAssets } from './static-assets.js';
import { timelinePage } from './timeline-page.js';

export { TOP_LAYERS } from './assess-pages.js';

/** Mount the dashboard pages. */
export function dashboardRoutes(ctx: ServerContext): Hono<ApiEnv> {
  return new Hono<ApiEnv>()
    .route('/', overviewPage(ctx))
    .route('/', timelinePage(ctx))
    .route('/', milestonesPage(ctx))
    .route('/', ledgerPages(ctx))
    .route('/', dutyPages(ctx))
    .route('/', assessPages(ctx))
    .route('/', simulatorPages())
    .route('/', negotiationPages())
    .route('/', staticAssets());
}
