import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/core/protocol/decode.js';

import { FIXTURES_DIR as FIXTURES } from '../support/fixtures.js';

interface Line {
  dir: string;
  conn: string;
  frame: unknown;
  text?: boolean;
}

const s2c: { file: string; frame: unknown; text: boolean }[] = [];
for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl'))) {
  for (const raw of readFileSync(join(FIXTURES, file), 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    const line = JSON.parse(raw) as Line;
    if (line.dir === 's2c') s2c.push({ file, frame: line.frame, text: line.text === true });
  }
}

/** What a correct decoder must make of a 2.0.3 frame, derived from its markers alone. */
function expectedKind(frame: unknown): string {
  if (frame === 'welcome') return 'welcome';
  if (frame === 'pong') return 'pong';
  const f = frame as Record<string, unknown>;
  if (f._class_type_serverconfirmreceipt) return 'serverConfirm';
  if (f._class_type_newDataForListener) return 'push';
  if (f._class_type_configureconnection) return 'configureResponse';
  if (f._class_type_authenticateresponse) return 'authenticateResponse';
  if (f._class_type_response) return 'response';
  if (f._class_type_stoplistening) return 'stop';
  return 'ignored';
}

describe('decodeFrame replays every server frame of the 2.0.3 fixtures', () => {
  it('has a non-trivial corpus covering every message class', () => {
    expect(s2c.length).toBeGreaterThan(900);
    const kinds = new Set(s2c.map((x) => expectedKind(x.frame)));
    expect([...kinds].sort()).toEqual(['authenticateResponse', 'configureResponse', 'pong', 'push', 'response', 'serverConfirm', 'stop', 'welcome']);
  });

  it('decodes each frame to the kind its markers say, with correlation ids intact', () => {
    for (const { file, frame, text } of s2c) {
      const wire = text ? (frame as string) : JSON.stringify(frame);
      const decoded = decodeFrame(wire);
      const f = frame as Record<string, unknown>;
      expect(decoded.kind, `${file}: ${wire.slice(0, 120)}`).toBe(expectedKind(frame));
      if (decoded.kind === 'serverConfirm' || decoded.kind === 'response' || decoded.kind === 'configureResponse' || decoded.kind === 'authenticateResponse') {
        expect(decoded.clientRequestId).toBe(f.clientRequestId);
      }
      if (decoded.kind === 'push' || decoded.kind === 'stop') expect(decoded.listenId).toBe(f.listenId);
      if ('serverId' in decoded) expect(decoded.serverId).toBe(f.serverId);
      if (decoded.kind === 'push' || decoded.kind === 'response') expect(decoded.output).toEqual(f.output);
      if (decoded.kind === 'response' || decoded.kind === 'authenticateResponse') {
        // success ⇔ error absent or null (§1.6.2)
        expect(decoded.error === undefined).toBe(f.error === undefined || f.error === null);
      }
    }
  });

  it('reads the connection configuration of the fixtures field by field', () => {
    const configure = s2c.find((x) => expectedKind(x.frame) === 'configureResponse');
    const decoded = decodeFrame(JSON.stringify(configure?.frame));
    expect(decoded).toMatchObject({
      kind: 'configureResponse',
      configuration: {
        intervalInMsClientPing: 1000,
        reconnectClientAfterMillisecondsWithoutServerPong: 6000,
        requestTimeoutInMs: 7000,
        waitForAuthenticationTimeoutInMs: 4000,
        serverVersion: '2.0.3',
        clientVersionCodeSupported: { lessThanOrEqual: null, moreThanOrEqual: 4 },
      },
    });
  });

  it('exposes the credential error code of a rejected login', () => {
    const rejected = s2c.find((x) => expectedKind(x.frame) === 'authenticateResponse' && (x.frame as { error?: unknown }).error);
    const decoded = decodeFrame(JSON.stringify(rejected?.frame));
    expect(decoded.kind).toBe('authenticateResponse');
    if (decoded.kind !== 'authenticateResponse') return;
    expect(typeof decoded.output?.credentialErrorCode).toBe('string');
    expect(decoded.error?.code).toMatch(/^[A-Z_]+$/);
  });
});

describe('decodeFrame never throws on hostile input', () => {
  const cases: [string, unknown][] = [
    ['not JSON', '{"oops'],
    ['a JSON array', '[1,2]'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['a binary frame', new Uint8Array([1, 2, 3])],
    ['undefined data', undefined],
    ['an unknown marker', JSON.stringify({ _class_type_banana: '_', serverId: 'RES-1' })],
    ['a response without clientRequestId', JSON.stringify({ _class_type_response: '_', serverId: 'RES-2' })],
    ['a response whose clientRequestId is a number', JSON.stringify({ _class_type_response: '_', serverId: 'RES-3', clientRequestId: 7 })],
    ['a push without listenId', JSON.stringify({ _class_type_newDataForListener: '_', serverId: 'NEW-1' })],
    ['a message without serverId', JSON.stringify({ _class_type_response: '_', clientRequestId: 'REQ-1' })],
    ['a configure response with garbage output', JSON.stringify({ _class_type_response: '_', _class_type_configureconnection: '_', serverId: 'RES-4', clientRequestId: 'R', output: 'x' })],
    ['a __proto__ payload', '{"__proto__":{"polluted":true},"_class_type_response":"_","serverId":"RES-5","clientRequestId":"R"}'],
  ];
  for (const [name, data] of cases) {
    it(`ignores or safely decodes ${name}`, () => {
      expect(() => decodeFrame(data)).not.toThrow();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('keeps the serverId of an ignored message so it can still be confirmed', () => {
    expect(decodeFrame(JSON.stringify({ _class_type_banana: '_', serverId: 'RES-9' }))).toEqual({
      kind: 'ignored',
      reason: 'unknown message class',
      serverId: 'RES-9',
    });
  });

  it('treats a non-object error as an error rather than a success', () => {
    const d = decodeFrame(JSON.stringify({ _class_type_response: '_', serverId: 'RES-6', clientRequestId: 'R', error: 'boom' }));
    expect(d).toMatchObject({ kind: 'response', error: { description: 'boom' } });
  });

  it('replaces nonsense timers in a configuration with the 2.0.3 defaults', () => {
    const d = decodeFrame(
      JSON.stringify({
        _class_type_response: '_',
        _class_type_configureconnection: '_',
        serverId: 'RES-7',
        clientRequestId: 'R',
        output: { connectionConfiguration: { intervalInMsClientPing: 0, reconnectClientAfterMillisecondsWithoutServerPong: 'soon', requestTimeoutInMs: -1 } },
      }),
    );
    expect(d).toMatchObject({
      kind: 'configureResponse',
      configuration: { intervalInMsClientPing: 1000, reconnectClientAfterMillisecondsWithoutServerPong: 6000, requestTimeoutInMs: -1 },
    });
  });
});
