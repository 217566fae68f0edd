/**
 * Translations: French first, English second. Components never hold user-facing text; they call
 * `t(key, params)`. The chosen language survives reloads through localStorage.
 */
import type { Localized } from '@phare/lab-controller/api/wire.ts';
import fr from './fr.json';
import en from './en.json';

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
