#!/usr/bin/env node
// Runs the CLI compiled to JavaScript (bin/compile/framework.js, rebuilt whenever a source file
// changes): no TypeScript loader at start-up, a few bundled files instead of ~150 modules. When
// the framework does not compile (a file mid-edit), it runs the TypeScript sources through tsx.
import { compiledFramework } from './compile/framework.js'

const framework = await compiledFramework()
if ('cli' in framework) {
  await import(framework.cli)
} else {
  if (process.stderr.isTTY) {
    process.stderr.write(
      `medallion: running the TypeScript sources (slower to start), as the framework does not compile:\n${framework.error}\n`,
    )
  }
  const { register } = await import('tsx/esm/api')
  register()
  await import('../framework/cli/main.ts')
}
