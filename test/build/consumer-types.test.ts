/**
 * The published type declarations work for a strict consumer (issue 13): build the package
 * (`npm run build`), pack what `files` publishes (`npm pack`), unpack it into a consumer under
 * os.tmpdir() that holds only the package's dependencies, peerDependencies and @types/node,
 * @types/react, @types/react-dom (linked from this project's node_modules: no network), and
 * type-check a file importing every entry of package.json "exports" with `strict`,
 * `skipLibCheck: false` and `module`/`moduleResolution: NodeNext`. A published .d.ts importing a
 * package the consumer does not get (TS7016) fails here.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');

interface PackageJson {
  name: string;
  exports: Record<string, string | { types?: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

let pkg: PackageJson;
let work: string;
/** Entry specifiers derived from "exports": every subpath that has types. */
let entries: string[];
let tsc: { code: number; output: string };

beforeAll(async () => {
  pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
  entries = Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && typeof target.types === 'string')
    .map(([subpath]) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));
  work = await mkdtemp(join(tmpdir(), 'askless-consumer-'));

  // Build exactly as published, then let npm decide which files ship ("files").
  await run('npm', ['run', 'build'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 1024 * 1024 });
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const tarball = join(work, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);

  const consumer = join(work, 'consumer');
  const installed = join(consumer, 'node_modules', pkg.name);
  await mkdir(installed, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  const allowed = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), '@types/node', '@types/react', '@types/react-dom'];
  for (const name of allowed) {
    const link = join(consumer, 'node_modules', name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(join(ROOT, 'node_modules', name), link, 'dir');
  }
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await writeFile(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: ['node'],
        jsx: 'react-jsx',
        noEmit: true,
      },
      files: ['index.ts'],
    }),
  );
  const imports = entries.map((spec, i) => `import * as entry${i} from '${spec}';`).join('\n');
  await writeFile(join(consumer, 'index.ts'), `${imports}\nexport const entries = [${entries.map((_, i) => `entry${i}`).join(', ')}];\n`);

  try {
    const result = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(consumer, 'tsconfig.json')], { cwd: consumer });
    tsc = { code: 0, output: result.stdout + result.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    tsc = { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the published package in a strict consumer (skipLibCheck: false, NodeNext)', () => {
  it('imports every entry of package.json "exports"', () => {
    expect(entries).toEqual(expect.arrayContaining(['askless-react', 'askless-react/calls', 'askless-react/core', 'askless-react/server']));
    expect(entries.length).toBe(Object.values(pkg.exports).filter((t) => typeof t === 'object').length);
  });

  it('type-checks without a single error', () => {
    expect(tsc.output.trim()).toBe('');
    expect(tsc.code).toBe(0);
  });
});
