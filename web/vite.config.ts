import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Big libraries in chunks of their own, so the first screen loads only what it shows. */
function chunkOf(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined;
  // vue first: a manual chunk also takes its modules' unassigned dependencies
  if (/node_modules\/(@vue|vue|vue-router)\//.test(id)) return 'vue';
  if (/node_modules\/(echarts|zrender|tslib)\//.test(id)) return 'echarts';
  return undefined;
}

/**
 * The web console: Vue single-file components compiled at build time (the page's CSP forbids
 * eval), served from dist/web by src/http/console.ts. `npm run dev:web` proxies the API.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rollupOptions: { output: { manualChunks: chunkOf } },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/console/locales': 'http://127.0.0.1:3000' },
  },
});
