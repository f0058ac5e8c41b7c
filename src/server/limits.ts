/**
 * Input limits that keep per-client memory bounded whatever a client sends.
 */

/**
 * Longest accepted `clientRequestId` / `listenId` (Flutter's are 33 chars). Ids are kept in
 * memory (replay cache, stream maps), so they must stay small.
 * @example
 * if (id.length > MAX_ID_LENGTH) reject();
 */
export const MAX_ID_LENGTH = 256;
