/**
 * The sections of the devtools panel: each renders one part of a {@link DevtoolsSnapshot}.
 * Plain semantic HTML (headings, tables with captions, lists) so screen readers and keyboard
 * users can read everything; nothing here is interactive except the frames' disclosures.
 */
import type { CSSProperties } from 'react';
import type { DevtoolsSnapshot } from '../core/devtools-store.js';
import { clock, duration, json } from './format.js';
import type { DevtoolsLabels } from './labels.js';

interface SectionProps {
  snapshot: DevtoolsSnapshot;
  labels: DevtoolsLabels;
}

const table: CSSProperties = { width: '100%', borderCollapse: 'collapse', fontSize: 12 };
const cell: CSSProperties = { textAlign: 'left', padding: '2px 6px', borderBottom: '1px solid #3d444d', verticalAlign: 'top' };
const caption: CSSProperties = { textAlign: 'left', fontWeight: 700, fontSize: 13, padding: '8px 0 4px' };
const code: CSSProperties = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', wordBreak: 'break-all', whiteSpace: 'pre-wrap' };
const heading: CSSProperties = { fontSize: 13, margin: '12px 0 4px' };

/** A table's caption and column headers (both tables share them). */
function TableHead({ title, count, columns }: { title: string; count: number; columns: string[] }) {
  return (
    <>
      <caption style={caption}>
        {title} ({count})
      </caption>
      <thead>
        <tr>
          {columns.map((h) => (
            <th key={h} scope="col" style={cell}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
    </>
  );
}

/**
 * Connection status, login and the timeline of changes with their reasons.
 * @example
 * <ConnectionSection snapshot={snapshot} labels={labels} />
 */
export function ConnectionSection({ snapshot, labels }: SectionProps) {
  const { connection, authentication } = snapshot.inspection;
  const recent = connection.timeline.slice(-12).reverse();
  return (
    <section aria-labelledby="askless-devtools-connection">
      <h3 id="askless-devtools-connection" style={heading}>
        {labels.connection}
      </h3>
      <p style={{ margin: 0 }} data-testid="askless-devtools-status" data-state={connection.status}>
        <strong>{connection.status}</strong>
        {connection.disconnectionReason ? ` (${connection.disconnectionReason})` : ''} · server {connection.serverVersion} · {labels.user}:{' '}
        {authentication.status === 'authenticated' ? json(authentication.userId) : labels.anonymous}
      </p>
      <h4 style={{ ...heading, fontSize: 12 }}>{labels.timeline}</h4>
      {recent.length === 0 ? (
        <p style={{ margin: 0 }}>{labels.noTimeline}</p>
      ) : (
        <ol style={{ margin: 0, paddingLeft: 18, fontSize: 12 }}>
          {recent.map((event, i) => (
            <li key={`${event.at}-${i}`}>
              <span style={code}>{clock(event.at)}</span> {event.status}
              {event.reason ? ` (${event.reason})` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * Every shared stream: key, route, params, subscribers, status, pushes, age and last value.
 * @example
 * <StreamsSection snapshot={snapshot} labels={labels} />
 */
export function StreamsSection({ snapshot, labels }: SectionProps) {
  const { streams, at } = snapshot.inspection;
  if (streams.length === 0) return <p>{labels.noStreams}</p>;
  return (
    <table style={table} data-testid="askless-devtools-streams">
      <TableHead
        title={labels.streams}
        count={streams.length}
        columns={[labels.route, labels.params, labels.subscribers, labels.status, labels.pushes, labels.age, labels.lastValue]}
      />
      <tbody>
        {streams.map((s) => (
          <tr key={s.key} data-key={s.key} data-route={s.route}>
            <th scope="row" style={cell}>
              {s.route}
              <br />
              <span style={{ ...code, fontWeight: 400, color: '#c9d1d9' }}>{s.key}</span>
            </th>
            <td style={{ ...cell, ...code }}>{json(s.params, 80)}</td>
            <td style={cell}>{s.subscribers}</td>
            <td style={cell}>
              {s.status}
              {s.stale ? ' (stale)' : ''}
              {s.errorCode ? ` ${s.errorCode}` : ''}
            </td>
            <td style={cell} data-testid="askless-devtools-pushes">
              {snapshot.pushes[s.listenId]?.count ?? 0}
            </td>
            <td style={cell}>{duration(at - s.createdAt)}</td>
            <td style={{ ...cell, ...code }} data-testid="askless-devtools-last-value">
              {s.hasValue || s.stale ? json(s.lastValue, 160) : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Pending requests with their state, sends, time waiting and time left before their timeout.
 * @example
 * <RequestsSection snapshot={snapshot} labels={labels} />
 */
export function RequestsSection({ snapshot, labels }: SectionProps) {
  const { requests, at } = snapshot.inspection;
  if (requests.length === 0) return <p>{labels.noRequests}</p>;
  return (
    <table style={table} data-testid="askless-devtools-requests">
      <TableHead
        title={labels.requests}
        count={requests.length}
        columns={[labels.request, labels.state, labels.attempts, labels.waiting, labels.timesOutIn]}
      />
      <tbody>
        {requests.map((r) => (
          <tr key={r.id}>
            <th scope="row" style={cell} title={r.id}>
              {r.label}
            </th>
            <td style={cell}>{r.state}</td>
            <td style={cell}>{r.attempts}</td>
            <td style={cell}>{r.sentAt > 0 ? duration(at - r.sentAt) : '—'}</td>
            <td style={cell}>{r.deadline === undefined ? labels.never : duration(r.deadline - at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The last frames both ways, newest first; each opens to its (redacted) JSON.
 * @example
 * <FramesSection snapshot={snapshot} labels={labels} />
 */
export function FramesSection({ snapshot, labels }: SectionProps) {
  const frames = [...snapshot.frames].reverse();
  return (
    <section aria-labelledby="askless-devtools-frames">
      <h3 id="askless-devtools-frames" style={heading}>
        {labels.frames}
      </h3>
      {frames.length === 0 ? (
        <p style={{ margin: 0 }}>{labels.noFrames}</p>
      ) : (
        <ol style={{ margin: 0, padding: 0, listStyle: 'none', fontSize: 12 }} data-testid="askless-devtools-frames">
          {frames.map((f) => (
            <li key={f.id}>
              <details>
                <summary>
                  <span style={code}>{clock(f.at)}</span> {f.direction === 'out' ? `↑ ${labels.sent}` : `↓ ${labels.received}`} {f.summary}
                </summary>
                <pre style={{ ...code, margin: '2px 0 6px', padding: 4, background: '#0d1117' }}>{f.text}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * Optional sources (`client.addInspectionSource`): calls, group calls, transfers when present.
 * @example
 * <ExtrasSection snapshot={snapshot} labels={labels} />
 */
export function ExtrasSection({ snapshot, labels }: SectionProps) {
  const entries = Object.entries(snapshot.inspection.extras);
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="askless-devtools-more">
      <h3 id="askless-devtools-more" style={heading}>
        {labels.more}
      </h3>
      {entries.map(([name, value]) => (
        <div key={name}>
          <h4 style={{ ...heading, fontSize: 12 }}>{name}</h4>
          <pre style={{ ...code, margin: 0 }}>{json(value, 2000)}</pre>
        </div>
      ))}
    </section>
  );
}
