/**
 * Dashboard build: root web/, output web/dist (served by the Fastify app on the API's port).
 * `npm run build` = vite build --config web/vite.config.ts. In dev, /api (REST and the
 * WebSocket) is proxied to a locally running server.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', ws: true, changeOrigin: true },
    },
  },
});
