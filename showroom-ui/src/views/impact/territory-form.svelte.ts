/**
 * The visitor's territory, as typed in the impact view, and the projection the controller computes
 * for it (POST /api/impact/projection). The form keeps text as typed ("1 200", "0,22"), reads it as
 * numbers the French way, and asks again a short while after the last keystroke. Refused fields
 * come back from the controller with their message in French and English (hardware/impact
 * README §8); the form shows them next to the field.
 */
import type {
  FieldIssue,
  KitLine,
  ProjectionRequestBody,
  ProjectionResult,
} from '@phare/lab-controller/api/wire.ts';
import { request } from '../../lib/api.ts';

/** Territory sizes a visitor can pick, by number of luminaires. */
export const PRESETS = [
  { id: 'village', luminaires: 200 },
  { id: 'town', luminaires: 1200 },
  { id: 'city', luminaires: 10_000 },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];

export type FieldName = 'luminaires' | 'wattage' | 'dimming' | 'latitude' | 'price' | 'cost';

/** Where each form field goes in the request body: the controller's issues name these paths. */
export const FIELD_PATHS: Record<FieldName, string> = {
  luminaires: 'lighting.luminaireCount',
  wattage: 'lighting.luminaireWattageW',
  dimming: 'lighting.dimming.average',
  latitude: 'lighting.latitudeDeg',
  price: 'prices.electricityEurPerKWh',
  cost: 'investment.perLuminaireEur',
};

/** "1 200", "1 200", "0,22" → 1200, 1200, 0.22; blank → undefined; anything else → NaN. */
export function readNumber(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (compact === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(compact) ? Number(compact) : Number.NaN;
}

const DEBOUNCE_MS = 350;

export class TerritoryForm {
  luminaires = $state('1200');
  wattage = $state('100');
  /** Mean power at night with dimming, in % of full power. */
  dimming = $state('50');
  latitude = $state('');
  /** Blank: the factors file's range. */
  price = $state('');
  /** Blank: no investment typed, no payback shown. */
  cost = $state('');

  result = $state.raw<ProjectionResult | null>(null);
  /** The body of the request that gave `result`, as sent. */
  sent = $state.raw<ProjectionRequestBody | null>(null);
  issues = $state.raw<FieldIssue[]>([]);
  /** A failure that is not a refused field (controller unreachable). */
  failure = $state<string | null>(null);
  pending = $state(false);

  #kit: KitLine[] = [];
  #longitude: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sequence = 0;

  /** The site's anchor gives the default latitude and longitude; the territory kit is the controller's. */
  setDefaults(anchor: { lat: number; lon: number } | undefined, kit: KitLine[], decimalComma = true): void {
    const lat = anchor ? String(Math.round(anchor.lat * 100) / 100) : '';
    if (anchor && this.latitude === '') this.latitude = decimalComma ? lat.replace('.', ',') : lat;
    if (anchor) this.#longitude = anchor.lon;
    this.#kit = kit;
  }

  pick(preset: PresetId): void {
    const found = PRESETS.find((p) => p.id === preset);
    if (found) this.luminaires = String(found.luminaires);
  }

  /** The preset matching the typed number of luminaires, if any. */
  get preset(): PresetId | null {
    return PRESETS.find((p) => p.luminaires === readNumber(this.luminaires))?.id ?? null;
  }

  issueOf(field: FieldName): FieldIssue | undefined {
    const path = FIELD_PATHS[field];
    return this.issues.find((i) => i.field === path);
  }

  /** Fields the browser could not read as numbers, before asking the controller. */
  unreadable(): FieldIssue[] {
    const fields: FieldName[] = ['luminaires', 'wattage', 'dimming', 'latitude', 'price', 'cost'];
    return fields
      .filter((f) => Number.isNaN(readNumber(this[f])))
      .map((f) => ({ field: FIELD_PATHS[f], fr: 'nombre attendu', en: 'a number is expected' }));
  }

  body(): ProjectionRequestBody {
    const dimming = readNumber(this.dimming);
    const price = readNumber(this.price);
    const cost = readNumber(this.cost);
    return {
      lighting: {
        luminaireCount: readNumber(this.luminaires) as number,
        luminaireWattageW: readNumber(this.wattage) as number,
        latitudeDeg: readNumber(this.latitude) as number,
        ...(this.#longitude !== undefined ? { longitudeDeg: this.#longitude } : {}),
        // A blank field is left out: the controller names it as missing.
        dimming: { average: (dimming === undefined ? undefined : dimming / 100) as number },
      },
      digitalKit: this.#kit.map((line) => line.item),
      ...(price !== undefined ? { prices: { electricityEurPerKWh: price } } : {}),
      ...(cost !== undefined ? { investment: { perLuminaireEur: cost } } : {}),
    };
  }

  /** Asks again a short while after the last change. */
  schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    const unreadable = this.unreadable();
    if (unreadable.length) {
      this.issues = unreadable;
      return;
    }
    const body = this.body();
    const sequence = ++this.#sequence;
    this.pending = true;
    const answer = await request<ProjectionResult>('POST', '/api/impact/projection', body);
    // A slower, older answer never replaces a newer one.
    if (sequence !== this.#sequence) return;
    this.pending = false;
    if (answer.ok) {
      this.result = answer.data;
      this.sent = body;
      this.issues = [];
      this.failure = null;
    } else if (answer.error.issues?.length) {
      this.issues = answer.error.issues;
      this.failure = null;
    } else {
      this.failure = answer.error.message;
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
