/**
 * SDI-12 line timing and retry rules, each with its source. Times in milliseconds.
 *
 * - 1200 baud, 7E1: 10 bits per character, 8.33 ms a character (standard §4.1; protocols.md §4.1).
 * - Break: spacing for at least 12 ms; sensors must recognise > 12 ms (Vaisala WXT536 manual App. B
 *   p.197; protocols.md §4.1).
 * - After a break the recorder marks at least 8.33 ms before the command (same sources).
 * - The sensor starts its response within 15 ms of the end of the command, after 8.33 ms of marking
 *   (Vaisala WXT536 App. B p.197).
 * - A command must be preceded by a break when the recorder addresses a different sensor or the line
 *   has been marking for more than 87 ms; sensors fall back to standby after 100 ms of marking
 *   (Vaisala WXT510 manual App. B p.141).
 * - Retries: protocols.md §4.1 leaves the exact windows unverified. We follow the rule as implemented
 *   by the R3 IoT Zephyr SDI-12 driver (Apache-2.0, `sdi_12.h`: SDI_12_INNER_TRY_MIN 3,
 *   SDI_12_OUTER_TRY_MIN 3, response start timeout 17 + 9 ms, break needed after 87 ms): up to 3
 *   tries of the command per break, and up to 3 breaks, before the recorder gives up.
 *
 * Links add latency the standard does not know about (a USB adapter, a serial device server, a pty
 * and Node's timers), so the wait for the first byte of a response is the profile's `timeoutMs`,
 * never less than the standard's window.
 */

export const SDI12_CHARACTER_MS = (10 * 1000) / 1200;
export const SDI12_BREAK_MS = 12;
/** What we send: a little over the minimum, so a sensor at the edge of its tolerance still sees it. */
export const SDI12_BREAK_SENT_MS = 13;
export const SDI12_MARKING_AFTER_BREAK_MS = 8.33;
export const SDI12_RESPONSE_START_MS = 15;
export const SDI12_BREAK_NEEDED_AFTER_IDLE_MS = 87;
export const SDI12_STANDBY_AFTER_IDLE_MS = 100;
export const SDI12_TRIES_PER_BREAK = 3;
export const SDI12_BREAKS = 3;
