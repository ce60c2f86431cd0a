import { pendingRow } from '../lib/report.js'
import type { BenchOptions, Suite } from '../lib/suite.js'

/**
 * Figures whose code does not exist yet, kept visible as rows. To measure one, write a suite
 * (see suites/delta.ts for the shape), register it in main.ts, and remove its row here.
 */
export const pendingSuite: Suite = {
  name: 'pending',
  title: 'Not yet measured',
  description: 'rows for figures whose code has not landed (UI)',
  async run(options: BenchOptions) {
    return {
      id: 'pending',
      title: this.title,
      machine: options.machine,
      load: options.loadNow(),
      rows: [
        pendingRow(
          'UI render of a 1,000-asset graph (first paint of the lineage view)',
          'to be set with the UI issue',
          'the UI is being built by another helper; needs a headless-browser harness once it renders the graph',
        ),
      ],
    }
  },
}
