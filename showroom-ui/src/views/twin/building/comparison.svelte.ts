/**
 * The before/after renovation comparison of one building (GET /api/building/comparison), asked
 * again when what it depends on changes (outdoor temperature, setpoints, mode, occupancy): at most
 * once per `debounceMs`, one request at a time.
 */
import type { ApiErrorBody, BuildingComparisonView } from '@phare/lab-controller/api/wire.ts';
import { fetchComparison } from './building-api.ts';

export class ComparisonLoader {
  view = $state.raw<BuildingComparisonView | null>(null);
  error = $state.raw<ApiErrorBody | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #busy = false;
  #again = false;

  constructor(
    private readonly device: string,
    private readonly debounceMs = 1000,
  ) {}

  /** Call whenever an input changed; the request follows after a short quiet time. */
  schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(), this.debounceMs);
  }

  async load(): Promise<void> {
    if (this.#busy) {
      this.#again = true;
      return;
    }
    this.#busy = true;
    const result = await fetchComparison(this.device);
    this.#busy = false;
    if (result.ok) {
      this.view = result.data;
      this.error = null;
    } else {
      this.error = result.error;
    }
    if (this.#again) {
      this.#again = false;
      void this.load();
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
