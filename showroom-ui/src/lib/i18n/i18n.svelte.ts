/**
 * Translations: French first, English second. Components never hold user-facing text; they call
 * `t(key, params)`. The chosen language survives reloads through localStorage.
 */
import type { Localized } from '@phare/lab-controller/api/wire.ts';
import frCore from './fr.json';
import enCore from './en.json';
// One message file per area (areas/<area>.<locale>.json), so views grown in parallel never edit
// the same file; keys are prefixed by area and must not collide.
import frAccount from './areas/account.fr.json';
import enAccount from './areas/account.en.json';
import frLearn from './areas/learn.fr.json';
import enLearn from './areas/learn.en.json';
import frBuildingWater from './areas/building-water.fr.json';
import enBuildingWater from './areas/building-water.en.json';
import frInterop from './areas/interop.fr.json';
import enInterop from './areas/interop.en.json';

const fr = { ...frCore, ...frAccount, ...frLearn, ...frBuildingWater, ...frInterop };
const en = { ...enCore, ...enAccount, ...enLearn, ...enBuildingWater, ...enInterop };

export type Locale = 'fr' | 'en';
export type MessageKey = keyof typeof fr;
export type MessageParams = Record<string, string | number>;

// Typing `en` against the French keys makes a missing English message a compile error.
const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };
export const locales: readonly Locale[] = ['fr', 'en'];
const STORAGE_KEY = 'phare.locale';

function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

function readStoredLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : 'fr';
  } catch {
    // Private browsing or a locked-down kiosk profile: fall back to French.
    return 'fr';
  }
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogues.fr, key);
}

class Translator {
  locale = $state<Locale>(readStoredLocale());

  setLocale(locale: Locale): void {
    this.locale = locale;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // Not persisted; the switch still applies to this page.
    }
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }

  t(key: MessageKey, params?: MessageParams): string {
    const template = catalogues[this.locale][key] ?? catalogues.fr[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  }

  localized(text: Localized | undefined, fallback = ''): string {
    return text ? text[this.locale] || text.fr : fallback;
  }
}

export const i18n = new Translator();

export function t(key: MessageKey, params?: MessageParams): string {
  return i18n.t(key, params);
}
