/**
 * The schema of `phare.config.yaml`, the one file for what an installation sets once: where the
 * controller listens, where it keeps its data, how long samples are kept, the OPC-UA client PKI,
 * and the accounts policy (issue 9 §6). Every key is optional: an absent key keeps the default,
 * and a command-line flag beats the file. Relative paths are relative to the file's folder. Documented example: phare.config.example.yaml at the
 * repository root. No secret belongs here (passwords live in the accounts database, hashed, and
 * OPC-UA passwords in environment variables named by the site file).
 */
import { z } from 'zod';

export const PHARE_CONFIG_SCHEMA_ID = 'phare/config@1';

/** The password length below which Phare never goes, whatever the file says (auth/password-hash.ts). */
export const MIN_PASSWORD_FLOOR = 10;

const port = z.int().min(0).max(65535);
const positiveDays = z.number().positive().max(36_500);

export const retentionSchema = z
  .strictObject({
    rawDays: positiveDays
      .default(14)
      .meta({ description: 'Samples are kept as recorded for this many days.' }),
    averagedDays: z.number().min(0).max(36_500).default(365).meta({
      description:
        'After the raw window, samples are kept as 1-minute averages for this many more days, then dropped. 0 drops them at the end of the raw window.',
    }),
    runEveryMinutes: z
      .number()
      .min(1)
      .max(24 * 60)
      .default(60)
      .meta({ description: 'How often the retention job runs (it also runs at start).' }),
  })
  .meta({ description: 'How long samples are kept.' });

export const phareConfigSchema = z
  .strictObject({
    schema: z.literal(PHARE_CONFIG_SCHEMA_ID),
    server: z
      .strictObject({
        host: z.string().min(1).optional().meta({
          description:
            'Address to listen on; default 127.0.0.1. Another interface than loopback needs an admin account.',
        }),
        port: port
          .optional()
          .meta({ description: 'HTTP port of the API and the showroom; default PORT or 8080.' }),
      })
      .prefault({}),
    dataDir: z.string().min(1).optional().meta({
      description:
        'Data folder (SQLite file, OPC-UA PKI, reports), relative to this file; default PHARE_DATA_DIR or ./data.',
    }),
    recorder: z
      .strictObject({
        flushIntervalMs: z
          .int()
          .min(10)
          .max(60_000)
          .default(250)
          .meta({ description: 'Samples are written in one transaction at most this often.' }),
        retention: retentionSchema.prefault({}),
      })
      .prefault({}),
    opcua: z
      .strictObject({
        pkiDir: z.string().min(1).optional().meta({
          description: 'Client PKI folder (own/, trusted/, rejected/); default <dataDir>/pki/opcua.',
        }),
        trust: z.enum(['site', 'explicit']).default('site').meta({
          description:
            "site: each device's opcua.trust in the site file applies; explicit: no unknown server certificate is ever accepted, even where the site says demo (real installations).",
        }),
      })
      .prefault({}),
    accounts: z
      .strictObject({
        sessionHours: z
          .number()
          .positive()
          .max(24 * 30)
          .default(12)
          .meta({ description: 'How long a sign-in lasts.' }),
        minPasswordLength: z
          .int()
          .min(MIN_PASSWORD_FLOOR)
          .max(128)
          .default(MIN_PASSWORD_FLOOR)
          .meta({ description: `Shortest password accepted (at least ${MIN_PASSWORD_FLOOR}).` }),
        loginAttempts: z
          .strictObject({
            max: z
              .int()
              .min(1)
              .max(100)
              .default(5)
              .meta({ description: 'Failed sign-ins allowed per window.' }),
            windowMinutes: z
              .number()
              .positive()
              .max(24 * 60)
              .default(5),
          })
          .prefault({})
          .meta({ description: 'Failed sign-ins per name and per address within the window, then refused.' }),
      })
      .prefault({}),
  })
  .meta({ title: 'Phare installation settings', description: 'phare.config.yaml' });

export type PhareConfigFile = z.output<typeof phareConfigSchema>;
export type RetentionSettings = z.output<typeof retentionSchema>;
