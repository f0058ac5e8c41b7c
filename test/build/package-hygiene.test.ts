/**
 * The package as a consumer meets it (issue 13): a LICENSE beside package.json's "license",
 * docs that start with a heading and name no path of the machine they were written on.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license?: string };
const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('package hygiene', () => {
  it('ships a LICENSE whose text matches package.json "license" (MIT)', () => {
    expect(pkg.license).toBe('MIT');
    expect(existsSync(join(ROOT, 'LICENSE'))).toBe(true);
    const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^MIT License\n/);
    expect(text).toContain('Permission is hereby granted, free of charge');
  });

  it.each(docs)('%s names no absolute machine path (/work, /home, /tmp, /root)', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    // An absolute path starts after a non-path character; `bench/workers/` is not `/work`.
    const hits = [...text.matchAll(/(^|[^\w.~-])\/(work|home|tmp|root)(?=\/|\b)[^\s`)'"]*/gm)].map((m) => m[0].trim());
    expect(hits).toEqual([]);
  });

  it.each(docs.filter((f) => f.startsWith('docs/')))('%s starts with a # heading', (file) => {
    expect(readFileSync(join(ROOT, file), 'utf8')).toMatch(/^# \S/);
  });
});
