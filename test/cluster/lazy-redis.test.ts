/**
 * Without `cluster` the server never loads ioredis: in a bundle of `askless-react/server`, ioredis
 * is reachable only through the dynamic import that `start()` makes when `cluster` is set.
 */
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the Redis adapter is loaded lazily', () => {
  it('the server entry and its static imports never import ioredis; a dynamic chunk does', async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: { server: 'src/server/index.ts' },
      outdir: 'out',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const outputs = (result.metafile as Metafile).outputs;
    const entry = Object.keys(outputs).find((file) => outputs[file]!.entryPoint === 'src/server/index.ts')!;
    const staticReach = new Set<string>();
    const visit = (file: string): void => {
      if (staticReach.has(file) || !outputs[file]) return;
      staticReach.add(file);
      for (const imp of outputs[file]!.imports) if (imp.kind === 'import-statement') visit(imp.path);
    };
    visit(entry);
    const importsRedis = (file: string): boolean => outputs[file]!.imports.some((imp) => imp.path === 'ioredis');
    expect([...staticReach].filter(importsRedis)).toEqual([]);
    expect(Object.keys(outputs).filter((file) => !staticReach.has(file) && file.endsWith('.js')).some(importsRedis)).toBe(true);
  });
});
