/**
 * Thrown by the demo store's rules; the route turns it into an Askless error response.
 * @example
 * throw new DemoInputError('NOT_FOUND', 'no product with id 9');
 */
export class DemoInputError extends Error {
  constructor(
    readonly code: 'BAD_REQUEST' | 'NOT_FOUND',
    description: string,
  ) {
    super(description);
  }
}
