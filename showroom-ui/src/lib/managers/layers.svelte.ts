/**
 * Which workstream layers the twin draws (lighting, water, climate, building). Layers combine
 * freely; the choice is shared by the views and kept across route changes.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { Workstream } from '@phare/lab-controller/api/wire.ts';

export const workstreams: readonly Workstream[] = ['lighting', 'water', 'climate', 'building'];

export class LayersManager {
  readonly #visible = new SvelteSet<Workstream>(workstreams);

  shows(layer: Workstream): boolean {
    return this.#visible.has(layer);
  }

  /** Shown when any of its workstreams is (a device may serve several). */
  showsAny(layers: readonly Workstream[]): boolean {
    return layers.length === 0 || layers.some((layer) => this.#visible.has(layer));
  }

  toggle(layer: Workstream): void {
    if (this.#visible.has(layer)) this.#visible.delete(layer);
    else this.#visible.add(layer);
  }
}
