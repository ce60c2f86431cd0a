#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader: no build step between editing an asset and running it.
import { register } from 'tsx/esm/api'

register()
await import('../framework/cli/main.ts')
