import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Resolved from this file, so `vite --config ui/vite.config.ts` works from the repo root.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname)

/** The UI: built into ui/dist (served by `medallion dev`); `npm run dev:ui` proxies /api to it. */
export default defineConfig({
  root,
  plugins: [react()],
  // Built files under /static, since /assets/<layer>/<name> are asset pages.
  build: { outDir: 'dist', assetsDir: 'static', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
})
