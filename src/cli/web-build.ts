/** Builds the dashboard with Vite when web/dist is missing or older than its sources. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_ROOT } from '../app/pettwin-app.ts';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureDashboardBuilt(log: (m: string) => void): void {
  const webDir = join(WEB_ROOT, '..');
  const index = join(WEB_ROOT, 'index.html');
  const sources = Math.max(newestMtime(join(webDir, 'src')), statSync(join(webDir, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  log('building the dashboard (vite build)…');
  const r = spawnSync(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
    stdio: 'inherit',
    cwd: join(webDir, '..'),
  });
  if (r.status !== 0) log('dashboard build failed: the API still runs; see the errors above');
}
