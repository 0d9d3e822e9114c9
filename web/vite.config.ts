/**
 * Vite configuration of the browser application (root: web/). `npm run build:web` (and
 * `npm start` when the build is missing or stale, see src/platform/http/web-app.ts) writes
 * dist/web; `npm run dev` serves web/ with hot reload and proxies the API to a running platform:
 * API_URL (default http://localhost:$API_PORT, API_PORT default 3000). WEB_PORT sets the dev port.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.API_URL ?? `http://localhost:${process.env.API_PORT ?? '3000'}`;
const proxied = { target: apiTarget, changeOrigin: false, ws: true };

export default defineConfig({
  root,
  publicDir: 'public',
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // Stable vendor chunks: React changes rarely, charts are needed only by a few pages.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor|decimal\.js-light|@reduxjs|immer|reselect|react-redux|react-is|es-toolkit|eventemitter3|use-sync-external-store|tiny-invariant|clsx)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    strictPort: false,
    proxy: {
      '/api': proxied,
      '/docs': proxied,
      '/metrics': proxied,
      '/admin/queues': proxied,
    },
  },
  preview: { port: Number(process.env.WEB_PORT ?? 4173) },
});
