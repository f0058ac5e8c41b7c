/**
 * The figures of `npm run bench`, in the order they run (bench/run.mjs), each loaded only when it
 * runs. `id` and `figure` are what the command line accepts.
 * @example
 * const { figures } = await import('./index.mjs'); figures.map((f) => f.id);
 */
export const figures = [
  { id: 'latency', figure: 1, load: () => import('./latency.mjs') },
  { id: 'throughput', figure: 2, load: () => import('./throughput.mjs') },
  { id: 'fanin', figure: 3, load: () => import('./fanin.mjs') },
  { id: 'reconnect', figure: 4, load: () => import('./reconnect.mjs') },
  { id: 'calls', figure: 5, load: () => import('./calls.mjs') },
  { id: 'bundle', figure: 6, load: () => import('./bundle.mjs') },
  { id: 'capacity', figure: 7, load: () => import('./capacity.mjs') },
  { id: 'cluster', figure: 8, load: () => import('./cluster.mjs') },
  { id: 'fanout', figure: 9, load: () => import('./fanout.mjs') },
  { id: 'files', figure: 10, load: () => import('./files.mjs') },
  { id: 'group-calls', figure: 11, load: () => import('./group-calls.mjs') },
];
