/**
 * The dashboard's negotiation page says what it computed: the opposition level with the measure it uses
 * (and the min–max variant by name), as the CLI prints them. Rendered in-process; the page reads no store.
 */
import { describe, expect, it } from 'vitest';
import { readTextFile } from '../src/_lib/read-file.js';
import { analyzeScenario, loadScenario } from '../src/negotiation/index.js';
import type { ServerContext } from '../src/server/context.js';
import { dashboardRoutes } from '../src/server/pages/routes.js';
import { ROOT } from './helpers/cli.js';

describe('dashboard negotiation page', () => {
  it('prints the opposition level, what it measures, and the min–max figure under its own name', async () => {
    // The page needs no agreement or ledger; an empty context is enough for this route.
    const res = await dashboardRoutes({} as ServerContext).request('/negotiation');
    expect(res.status).toBe(200);
    const page = await res.text();
    const a = analyzeScenario(
      loadScenario('yaml', [`${ROOT}examples/us-japan-negotiation/domain.yaml`], readTextFile),
      'genius',
    );
    const text = page.replace(/<[^>]+>/g, '').replace(/&#39;|&rsquo;|’/g, "'");
    expect(text).toContain(
      `Opposition ${a.opposition.toFixed(3)}: distance from (1, 1) to the nearest outcome`,
    );
    expect(text).toContain(`After min–max rescaling: ${a.oppositionMinMax.toFixed(3)}.`);
  });
});
