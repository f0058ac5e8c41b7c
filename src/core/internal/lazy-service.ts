/**
 * A service behind a dynamic import, loaded once on first use: the shared door of the client's
 * lazy features (calls, files), so apps that never use one never load its chunk.
 */

/**
 * Loads `S` once; a failed load may be retried by the next use (the network may be back), and a
 * service that arrives after `dispose()` is disposed at once.
 * @example
 * class LazyFiles extends LazyService<FileService> { send() { return this.get().then((s) => s.send()); } }
 */
export class LazyService<S extends { dispose(): void }> {
  protected service: S | undefined;
  private loading: Promise<S> | undefined;
  private disposed = false;

  constructor(private readonly load: () => Promise<S>) {}

  /** Load the service (once; a failed load may be retried). */
  get(): Promise<S> {
    this.loading ??= this.load().then((service) => {
      this.service = service;
      if (this.disposed) service.dispose();
      return service;
    });
    this.loading.catch(() => (this.loading = undefined));
    return this.loading;
  }

  /** Dispose the service if it was ever loaded (and any that is still loading, when it arrives). */
  dispose(): void {
    this.disposed = true;
    this.service?.dispose();
  }
}
