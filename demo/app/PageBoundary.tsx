import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Props of {@link PageBoundary}. */
export interface PageBoundaryProps {
  /** What failed, for the message ("The catalog could not be shown"). */
  name: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  /** Bumped by "Try again" so the page mounts afresh (new hooks, new subscriptions). */
  attempt: number;
}

/**
 * An error boundary around one page of the demo: a page that throws while rendering shows the
 * error and a "Try again" button instead of blanking the whole app, and the other pages keep
 * working. "Try again" remounts the page from scratch.
 * @example
 * <PageBoundary name="catalog"><Catalog /></PageBoundary>
 */
export class PageBoundary extends Component<PageBoundaryProps, State> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The demo's console is its log: keep the stack for whoever opens the developer tools.
    console.warn(`The ${this.props.name} page failed`, error, info.componentStack);
  }

  private readonly retry = () => this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));

  override render() {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <section className="panel page-error" aria-label={`The ${this.props.name} failed`}>
          <div role="alert">
            <h2>Something went wrong in the {this.props.name}</h2>
            <p className="wrap">{error.message}</p>
          </div>
          <button type="button" onClick={this.retry}>
            Try again
          </button>
        </section>
      );
    }
    return <PageAttempt key={attempt}>{this.props.children}</PageAttempt>;
  }
}

// A keyed wrapper: a new key after "Try again" remounts the children instead of re-rendering them.
function PageAttempt({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
