/**
 * Input rules of the demo's catalog: what a product name and price may be. Kept apart from the
 * store so the limits are in one place, with the numbers the UI and the tests refer to.
 */
import { DemoInputError } from './errors.js';

/** Highest price the catalog accepts (a product costs at most one billion). */
export const MAX_PRICE = 1_000_000_000;
/** Longest product name, in UTF-16 code units (what `maxLength` counts in the browser). */
export const MAX_PRODUCT_NAME = 100;
/** Longest chat message. */
export const MAX_MESSAGE_TEXT = 2000;

/**
 * A price as stored: a finite number from 0 to {@link MAX_PRICE}, rounded to cents. Numeric
 * strings are accepted (forms send them); anything else, and any value that stops being finite
 * once rounded (`Math.round(1e308 * 100)` is Infinity, which JSON turns into `null`), is refused
 * with `BAD_REQUEST`.
 * @example
 * parsePrice('12.345'); // 12.35
 * parsePrice(1e308); // throws DemoInputError('BAD_REQUEST', …)
 */
export function parsePrice(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > MAX_PRICE) {
    throw new DemoInputError('BAD_REQUEST', `"price" must be a number from 0 to ${MAX_PRICE.toLocaleString('en-US')}`);
  }
  const cents = Math.round(n * 100);
  const price = cents / 100;
  // Belt and braces: the range check above already keeps this finite, but the stored value is
  // what every tab renders, so it is checked as stored.
  if (!Number.isFinite(price)) throw new DemoInputError('BAD_REQUEST', '"price" is not a finite number');
  return price;
}

/**
 * A product name as stored: trimmed, non-empty, at most {@link MAX_PRODUCT_NAME} characters.
 * @example
 * parseProductName('  Lamp '); // 'Lamp'
 */
export function parseProductName(value: unknown): string {
  if (typeof value !== 'string' || !value.trim() || value.length > MAX_PRODUCT_NAME) {
    throw new DemoInputError('BAD_REQUEST', `"name" must be a non-empty string of at most ${MAX_PRODUCT_NAME} characters`);
  }
  return value.trim();
}
