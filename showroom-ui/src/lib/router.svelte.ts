/**
 * Client-side routes without a framework (History API): `/` twin, `/kiosk`, `/console`, `/replay`.
 * The controller answers index.html for any unknown GET (lab-controller/src/api/static-ui.ts), so a
 * kiosk browser can start directly on http://host:8080/kiosk and a reload stays on its view.
 * Views change in place: the socket and the state managers are shared and never torn down.
 */
export type RouteName =
  'twin' | 'kiosk' | 'console' | 'replay' | 'impact' | 'scenarios' | 'interop' | 'learn';

export const routePaths: Record<RouteName, string> = {
  twin: '/',
  kiosk: '/kiosk',
  console: '/console',
  replay: '/replay',
  impact: '/impact',
  scenarios: '/scenarios',
  interop: '/interop',
  learn: '/apprendre',
};

export const routeNames = Object.keys(routePaths) as RouteName[];

/** Routes whose view has pages of its own below its path (`/apprendre/dali`, `/apprendre/classe`). */
const nestedRoutes: readonly RouteName[] = ['learn'];

export function routeOf(pathname: string): RouteName {
  const path = pathname.replace(/\/+$/, '') || '/';
  return (
    routeNames.find((name) => routePaths[name] === path) ??
    nestedRoutes.find((name) => path.startsWith(`${routePaths[name]}/`)) ??
    'twin'
  );
}

export class Router {
  route = $state<RouteName>(routeOf(globalThis.location?.pathname ?? '/'));
  /** The whole path, for views with pages of their own (nestedRoutes). */
  path = $state<string>(globalThis.location?.pathname ?? '/');
  #onPopState = (): void => {
    this.route = routeOf(location.pathname);
    this.path = location.pathname;
  };

  start(): void {
    addEventListener('popstate', this.#onPopState);
  }

  stop(): void {
    removeEventListener('popstate', this.#onPopState);
  }

  navigate(name: RouteName): void {
    if (name === this.route && this.path === routePaths[name]) return;
    history.pushState({ route: name }, '', routePaths[name]);
    this.route = name;
    this.path = routePaths[name];
  }

  /** A page below a nested route (`/apprendre/dali`). */
  go(path: string): void {
    if (path === this.path) return;
    history.pushState({ route: routeOf(path) }, '', path);
    this.route = routeOf(path);
    this.path = path;
  }

  /** `follow` for a page below a nested route. */
  followPath(event: MouseEvent, path: string): void {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.go(path);
  }

  /** For `<a href>` clicks: same-tab left clicks stay in the page; others open as the user asked. */
  follow(event: MouseEvent, name: RouteName): void {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.navigate(name);
  }
}
