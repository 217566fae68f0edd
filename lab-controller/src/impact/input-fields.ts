/**
 * Every numeric input of the territory projection: its label in French and English, its unit, and
 * the range Phare accepts. Data, not code: the schema (input-schema.ts) and the messages
 * (input-issues.ts) are built from this table, so a bound and its message cannot disagree.
 *
 * Bounds are sanity limits, not physics: they catch a typo (12 €/kWh for 0,12) or a unit mix-up
 * (a latitude in radians) before it becomes a number on the kiosk.
 */
import type { Localized } from '../api/wire.ts';

export interface FieldSpec {
  label: Localized;
  unit: string;
  min: number;
  max: number;
  /** min itself is refused (a price of 0, a wattage of 0). */
  minExclusive?: boolean;
  integer?: boolean;
  /** Said after the range message when the value is refused. */
  hint?: Localized;
}

/** Keyed by path, with `*` for a list index. */
export const INPUT_FIELDS: Record<string, FieldSpec> = {
  'lighting.luminaireCount': {
    label: { fr: 'Nombre de luminaires', en: 'Number of luminaires' },
    unit: '',
    min: 1,
    max: 1_000_000,
    integer: true,
    hint: {
      fr: 'il faut au moins 1 luminaire ; pour un projet sans éclairage, retirez la section « lighting »',
      en: 'at least 1 luminaire is needed; for a project without lighting, leave out the "lighting" section',
    },
  },
  'lighting.luminaireWattageW': {
    label: { fr: "Puissance d'un luminaire", en: 'Power of one luminaire' },
    unit: 'W',
    min: 0,
    max: 2000,
    minExclusive: true,
  },
  'lighting.baselineWattageW': {
    label: { fr: "Puissance d'un luminaire avant rénovation", en: 'Power of one luminaire before retrofit' },
    unit: 'W',
    min: 0,
    max: 2000,
    minExclusive: true,
  },
  'lighting.latitudeDeg': {
    label: { fr: 'Latitude', en: 'Latitude' },
    unit: '°',
    min: 41,
    max: 51.5,
    hint: {
      fr: "le modèle couvre la France métropolitaine (heure légale française) ; la latitude s'exprime en degrés décimaux",
      en: 'the model covers metropolitan France (French legal time); latitude is in decimal degrees',
    },
  },
  'lighting.longitudeDeg': {
    label: { fr: 'Longitude (positive à l’est)', en: 'Longitude (positive east)' },
    unit: '°',
    min: -5.5,
    max: 10,
  },
  'lighting.dimming.average': {
    label: {
      fr: 'Puissance moyenne gradée (fraction de la pleine puissance)',
      en: 'Mean dimmed power (fraction of full power)',
    },
    unit: '',
    min: 0,
    max: 1,
  },
  'lighting.dimming.hourly.*': {
    label: {
      fr: 'Gradation horaire (fraction de la pleine puissance)',
      en: 'Hourly dimming (fraction of full power)',
    },
    unit: '',
    min: 0,
    max: 1,
  },
  'lighting.operatingHours.fixedHoursPerYear': {
    label: { fr: 'Heures de fonctionnement par an', en: 'Operating hours per year' },
    unit: 'h',
    min: 0,
    max: 8784,
  },
  'building.floorAreaM2': {
    label: { fr: 'Surface chauffée', en: 'Heated floor area' },
    unit: 'm²',
    min: 0,
    max: 10_000_000,
    minExclusive: true,
  },
  'building.heatingKWhPerM2Year': {
    label: { fr: 'Consommation de chauffage', en: 'Heating energy intensity' },
    unit: 'kWh/m²/an',
    min: 0,
    max: 1000,
    minExclusive: true,
  },
  'building.savedFraction': {
    label: {
      fr: "Part d'énergie de chauffage économisée (mesurée)",
      en: 'Share of heating energy saved (measured)',
    },
    unit: '',
    min: -1,
    max: 1,
    hint: { fr: 'une fraction : 0,18 pour 18 %', en: 'a fraction: 0.18 for 18 %' },
  },
  'digitalKit.*.count': {
    label: { fr: "Nombre d'équipements", en: 'Number of devices' },
    unit: '',
    min: 0,
    max: 1_000_000,
    integer: true,
  },
  'digitalKit.*.perLuminaire': {
    label: { fr: 'Équipements par luminaire', en: 'Devices per luminaire' },
    unit: '',
    min: 0,
    max: 10,
    minExclusive: true,
    hint: { fr: '1 passerelle pour 50 luminaires : 0,02', en: '1 gateway per 50 luminaires: 0.02' },
  },
  'digitalKit.*.embodiedKgCO2e': {
    label: { fr: 'Empreinte de fabrication', en: 'Manufacturing footprint' },
    unit: 'kgCO2e',
    min: 0,
    max: 100_000,
  },
  'digitalKit.*.lifetimeYears': {
    label: { fr: 'Durée de vie', en: 'Lifetime' },
    unit: 'an',
    min: 0,
    max: 50,
    minExclusive: true,
  },
  'digitalKit.*.powerW': {
    label: { fr: 'Puissance propre', en: 'Own power draw' },
    unit: 'W',
    min: 0,
    max: 100_000,
  },
  'digitalKit.*.hoursPerYear': {
    label: { fr: 'Heures de fonctionnement par an', en: 'Operating hours per year' },
    unit: 'h',
    min: 0,
    max: 8784,
  },
  'prices.electricityEurPerKWh': {
    label: { fr: "Prix de l'électricité", en: 'Electricity price' },
    unit: '€/kWh',
    min: 0,
    max: 10,
    minExclusive: true,
    hint: { fr: 'en euros par kWh TTC : 0,22 et non 22', en: 'in euros per kWh incl. taxes: 0.22, not 22' },
  },
  'prices.gasEurPerKWhPcs': {
    label: { fr: 'Prix du gaz (par kWh PCS)', en: 'Gas price (per kWh HHV)' },
    unit: '€/kWh',
    min: 0,
    max: 10,
    minExclusive: true,
    hint: { fr: 'en euros par kWh TTC : 0,09 et non 9', en: 'in euros per kWh incl. taxes: 0.09, not 9' },
  },
  'emissionFactors.electricityKgPerKWh': {
    label: { fr: "Facteur d'émission de l'électricité", en: 'Electricity emission factor' },
    unit: 'kgCO2e/kWh',
    min: 0,
    max: 2,
  },
  'emissionFactors.electricityHeatingKgPerKWh': {
    label: {
      fr: "Facteur d'émission de l'électricité (chauffage)",
      en: 'Electricity emission factor (heating)',
    },
    unit: 'kgCO2e/kWh',
    min: 0,
    max: 2,
  },
  'emissionFactors.gasKgPerKWhPci': {
    label: { fr: "Facteur d'émission du gaz", en: 'Gas emission factor' },
    unit: 'kgCO2e/kWh',
    min: 0,
    max: 2,
  },
  'investment.perLuminaireEur': {
    label: { fr: 'Coût du kit connecté par luminaire', en: 'Connected kit cost per luminaire' },
    unit: '€',
    min: 0,
    max: 100_000,
  },
  'investment.fixedEur': {
    label: { fr: 'Coût fixe du projet', en: 'Fixed project cost' },
    unit: '€',
    min: 0,
    max: 10_000_000_000,
  },
  horizonYears: {
    label: { fr: "Horizon d'étude", en: 'Study horizon' },
    unit: 'an',
    min: 1,
    max: 50,
    integer: true,
  },
  year: {
    label: { fr: 'Année de calcul du calendrier', en: 'Calendar year' },
    unit: '',
    min: 2000,
    max: 2100,
    integer: true,
  },
};

/** The spec of a concrete path (`digitalKit.2.count` → `digitalKit.*.count`). */
export function fieldSpecAt(path: readonly PropertyKey[]): { key: string; spec: FieldSpec } | undefined {
  const key = path.map((s) => (typeof s === 'number' ? '*' : String(s))).join('.');
  const spec = INPUT_FIELDS[key];
  return spec ? { key, spec } : undefined;
}

/** Labels of the non-numeric fields, for messages about their shape. */
export const SHAPE_FIELDS: Record<string, Localized> = {
  lighting: { fr: 'Éclairage', en: 'Lighting' },
  'lighting.dimming': { fr: 'Gradation mesurée', en: 'Measured dimming' },
  'lighting.dimming.hourly': {
    fr: 'Gradation horaire (24 valeurs, une par heure)',
    en: 'Hourly dimming (24 values, one per hour)',
  },
  'lighting.operatingHours': { fr: 'Heures de fonctionnement', en: 'Operating hours' },
  building: { fr: 'Bâtiment', en: 'Building' },
  'building.energy': { fr: 'Énergie de chauffage', en: 'Heating energy' },
  digitalKit: { fr: 'Kit numérique', en: 'Digital kit' },
  'digitalKit.*': { fr: 'Équipement numérique', en: 'Digital equipment' },
  'digitalKit.*.kind': { fr: "Type d'équipement numérique", en: 'Kind of digital equipment' },
};

export function shapeLabelAt(path: readonly PropertyKey[]): Localized | undefined {
  return SHAPE_FIELDS[path.map((s) => (typeof s === 'number' ? '*' : String(s))).join('.')];
}
