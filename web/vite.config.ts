import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** During `vite dev`, everything that is not the app comes from a Kuvert server (`KUVERT_URL`, default :8080). */
const backend = process.env.KUVERT_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // no inline scripts or data-URL assets: the pages run under a strict Content-Security-Policy
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/auth', '/dev-idp', '/dkfds'].map((path) => [path, { target: backend, changeOrigin: false }])),
  },
});
