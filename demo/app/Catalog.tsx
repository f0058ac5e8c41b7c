import { useState, type FormEvent } from 'react';
import { useSubmitGuard } from './useSubmitGuard.js';
import { useCreate, useDelete, useRead, useReadStream, useUpdate } from '../../src/index.js';
import { nameOf, type Product } from './users.js';
import { MAX_PRODUCT_NAME } from '../server/validate.js';

/**
 * The shared catalog: `useRead` shows it, the mutations change it, and a `useReadStream` on the
 * same route keeps the query cache live, so every tab sees every change.
 * @example
 * <Catalog />
 */
export function Catalog() {
  // The stream writes its pushes into useRead's query cache (same route + params).
  useReadStream<Product[]>({ route: 'products' });
  const { data, error, isPending } = useRead<Product[]>({ route: 'products' });
  const create = useCreate({ route: 'product' });
  const [name, setName] = useState('');
  const [price, setPrice] = useState('');
  const guard = useSubmitGuard();

  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    // The server validates (range, finiteness, length); the price goes as typed so its message,
    // not a silent NaN, tells what was wrong.
    guard.run(() =>
      create.mutateAsync({ body: { name, price } }).then(() => {
        setName('');
        setPrice('');
      }),
    );
  };

  return (
    <section className="panel catalog" aria-labelledby="catalog-title">
      <h2 id="catalog-title">Shared catalog</h2>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p role="alert" className="error">{error.description}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Price</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((p) => (
            <ProductRow key={p.id} product={p} />
          ))}
        </tbody>
      </table>
      <form className="add-product" onSubmit={onAdd}>
        <input aria-label="Product name" placeholder="Name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={MAX_PRODUCT_NAME} />
        {/* step="any": the browser accepts any number, so range errors come from the server
            (its message is shown below) instead of a native bubble only some users see. */}
        <input aria-label="Price" placeholder="Price" type="number" min="0" step="any" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} required />
        <button type="submit" disabled={guard.pending} aria-busy={guard.pending}>Add</button>
      </form>
      {create.error && <p role="alert" className="error">{create.error.description}</p>}
    </section>
  );
}

function ProductRow({ product }: { product: Product }) {
  const update = useUpdate({ route: 'product' });
  const remove = useDelete({ route: 'product' });
  const params = { id: product.id };
  const failure = update.error ?? remove.error;
  return (
    <tr data-product-id={product.id}>
      <td className="wrap">
        {product.name}
        {product.updatedBy && <span className="muted small"> · edited by {nameOf(product.updatedBy)}</span>}
        {failure && <span role="alert" className="error small"> {failure.description}</span>}
      </td>
      <td className="price">{formatPrice(product.price)}</td>
      <td className="actions">
        <button type="button" aria-label={`Lower ${product.name} by 10`} disabled={update.isPending} onClick={() => update.mutate({ params, body: { price: Math.max(0, product.price - 10) } })}>
          −10
        </button>
        <button type="button" aria-label={`Raise ${product.name} by 10`} disabled={update.isPending} onClick={() => update.mutate({ params, body: { price: product.price + 10 } })}>
          +10
        </button>
        <button type="button" aria-label={`Delete ${product.name}`} disabled={remove.isPending} onClick={() => remove.mutate({ params })}>
          ✕
        </button>
      </td>
    </tr>
  );
}

// The client distrusts the server too: a price that is not a finite number renders as a dash
// instead of throwing in toFixed and blanking the page.
function formatPrice(price: unknown): string {
  return typeof price === 'number' && Number.isFinite(price) ? price.toFixed(2) : '—';
}
