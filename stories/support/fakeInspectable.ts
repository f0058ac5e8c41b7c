/**
 * An in-memory stand-in for the client's inspection API (`inspect()` + `tapFrames()`), for the
 * devtools stories: the story sets the snapshot and delivers frames; nothing touches a socket.
 */
import type { ClientInspection, StreamInspection, TappedFrame } from '../../src/core/inspect.js';
import type { InspectableClient } from '../../src/core/devtools-store.js';

const NOW = Date.now();

/** A stream row as the registry would report it. */
export function fakeStream(route: string, overrides: Partial<StreamInspection> = {}): StreamInspection {
  return {
    key: `${route}|null`,
    route,
    params: null,
    listenId: `LIS-${route}`,
    state: 'listening',
    status: 'live',
    subscribers: 1,
    hasValue: true,
    lastValue: [{ id: 1, name: 'Lamp' }],
    stale: false,
    persist: false,
    createdAt: NOW - 12_000,
    ...overrides,
  };
}

/** Inspectable client whose snapshot and frames the story controls. */
export class FakeInspectableClient implements InspectableClient {
  private readonly taps = new Set<(frame: TappedFrame) => void>();
  inspection: ClientInspection;

  constructor(overrides: Partial<ClientInspection> = {}) {
    this.inspection = {
      at: NOW,
      connection: {
        status: 'connected',
        serverVersion: '2.0.3',
        timeline: [
          { at: NOW - 30_000, status: 'inProgress' },
          { at: NOW - 29_800, status: 'connected' },
          { at: NOW - 20_000, status: 'disconnected', reason: 'pongTimeout' },
          { at: NOW - 19_500, status: 'connected' },
        ],
      },
      authentication: { status: 'authenticated', userId: 7, claims: ['user'] },
      streams: [],
      requests: [],
      extras: {},
      ...overrides,
    };
  }

  inspect(): ClientInspection {
    return { ...this.inspection, at: Date.now() };
  }

  tapFrames(listener: (frame: TappedFrame) => void): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  /** How many taps are attached (the devtools attach one only while open). */
  get tapCount(): number {
    return this.taps.size;
  }

  /** Deliver a frame as the socket would (inbound: text; outbound: the object). */
  frame(direction: 'in' | 'out', frame: unknown): void {
    for (const tap of [...this.taps]) tap({ direction, at: Date.now(), frame: direction === 'in' && typeof frame !== 'string' ? JSON.stringify(frame) : frame });
  }
}
