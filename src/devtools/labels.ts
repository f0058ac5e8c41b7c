/**
 * Every visible string of the devtools panel, overridable through `labels`.
 */

/**
 * The devtools' visible strings (English defaults in {@link DEFAULT_DEVTOOLS_LABELS}).
 * @example
 * <AsklessDevtools labels={{ title: 'Askless (staging)' }} />
 */
export interface DevtoolsLabels {
  openButton: string;
  closeButton: string;
  toggleText: string;
  title: string;
  connection: string;
  timeline: string;
  noTimeline: string;
  streams: string;
  noStreams: string;
  requests: string;
  noRequests: string;
  frames: string;
  noFrames: string;
  more: string;
  route: string;
  params: string;
  subscribers: string;
  status: string;
  pushes: string;
  age: string;
  lastValue: string;
  request: string;
  state: string;
  attempts: string;
  waiting: string;
  timesOutIn: string;
  never: string;
  sent: string;
  received: string;
  user: string;
  anonymous: string;
}

/**
 * The default (English) labels.
 * @example
 * const labels = { ...DEFAULT_DEVTOOLS_LABELS, title: 'Askless' };
 */
export const DEFAULT_DEVTOOLS_LABELS: DevtoolsLabels = {
  openButton: 'Open Askless devtools',
  closeButton: 'Close Askless devtools',
  toggleText: 'Askless',
  title: 'Askless devtools',
  connection: 'Connection',
  timeline: 'Timeline',
  noTimeline: 'No connection changes yet',
  streams: 'Streams',
  noStreams: 'No streams',
  requests: 'Pending requests',
  noRequests: 'No pending requests',
  frames: 'Last frames',
  noFrames: 'No frames since the devtools opened',
  more: 'Calls and more',
  route: 'Route',
  params: 'Params',
  subscribers: 'Subscribers',
  status: 'Status',
  pushes: 'Pushes',
  age: 'Age',
  lastValue: 'Last value',
  request: 'Request',
  state: 'State',
  attempts: 'Sends',
  waiting: 'Waiting',
  timesOutIn: 'Times out in',
  never: 'never',
  sent: 'sent',
  received: 'received',
  user: 'User',
  anonymous: 'not logged in',
};
