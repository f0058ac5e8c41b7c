/**
 * The demo store's input rules: prices stay finite numbers in range (1e308 used to be stored as
 * Infinity, which JSON sends as null and every tab then failed to render), and sizes are bounded.
 */
import { describe, expect, it } from 'vitest';
import { DemoData, MAX_PRODUCTS } from '../../demo/server/data.js';
import { DemoInputError } from '../../demo/server/errors.js';
import { MAX_PRICE, parsePrice } from '../../demo/server/validate.js';

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof DemoInputError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('demo catalog rules', () => {
  it.each([1e308, Number.MAX_VALUE, '1e308', MAX_PRICE + 0.01, -0.01, Infinity, NaN, '', 'abc', null, true, [5]])(
    'refuses the price %s with BAD_REQUEST and stores nothing',
    (price) => {
      const data = new DemoData();
      const before = data.listProducts();
      expect(refusal(() => data.createProduct({ name: 'Huge', price }, 'alice'))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('price') });
      expect(refusal(() => data.updateProduct({ id: 1 }, { price }, 'alice')).code).toBe('BAD_REQUEST');
      expect(data.listProducts()).toEqual(before);
    },
  );

  it('accepts the range ends and rounds to cents, keeping every stored price a finite JSON number', () => {
    expect(parsePrice(0)).toBe(0);
    expect(parsePrice(MAX_PRICE)).toBe(MAX_PRICE);
    expect(parsePrice('12.345')).toBe(12.35);
    const data = new DemoData();
    data.createProduct({ name: 'Max', price: MAX_PRICE }, 'bob');
    const json = JSON.parse(JSON.stringify(data.listProducts())) as Array<{ price: unknown }>;
    for (const p of json) expect(Number.isFinite(p.price)).toBe(true);
  });

  it('bounds names, messages and the catalog size', () => {
    const data = new DemoData();
    expect(refusal(() => data.createProduct({ name: 'x'.repeat(101), price: 1 }, 'a')).code).toBe('BAD_REQUEST');
    expect(refusal(() => data.createProduct({ name: '   ', price: 1 }, 'a')).code).toBe('BAD_REQUEST');
    expect(refusal(() => data.addMessage('alice', { to: 'bob', text: 'x'.repeat(2001) })).code).toBe('BAD_REQUEST');
    for (let i = data.listProducts().length; i < MAX_PRODUCTS; i++) data.createProduct({ name: `P${i}`, price: 1 }, 'a');
    expect(refusal(() => data.createProduct({ name: 'One too many', price: 1 }, 'a')).code).toBe('BAD_REQUEST');
    expect(data.listProducts()).toHaveLength(MAX_PRODUCTS);
  });
});
