// `npm run build:cli`, and npm ci's `prepare`: compiles the framework for the CLI now rather than
// at its first start (bin/medallion.js also does it whenever a source file has changed).
import { compiledFramework } from '../bin/compile/framework.js'

const framework = await compiledFramework()
if ('error' in framework) {
  process.stderr.write(`build:cli: the framework does not compile:\n${framework.error}\n`)
  // In `prepare` a warning only: an install must not fail on a file someone is editing, and
  // the CLI runs the sources until the framework compiles (tsc reports the error too).
  if (process.env.npm_lifecycle_event !== 'prepare') process.exitCode = 1
}
