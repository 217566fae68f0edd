/**
 * The session cookie, without a cookie library: reading one name out of a Cookie header
 * (RFC 6265 §5.4) and writing one Set-Cookie value (RFC 6265 §4.1).
 *
 * HttpOnly: page scripts never see it. SameSite=Strict: browsers do not send it on requests
 * started by another site (the first line against CSRF; the x-phare-csrf token is the second).
 * Secure only over https, or a plain-http LAN demonstrator could never sign in.
 */
import { SESSION_COOKIE } from './session-wire.ts';

/** The value of one cookie; undefined when absent or malformed. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function sessionCookie(value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { maxAgeSeconds: 0, secure });
}
