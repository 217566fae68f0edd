/**
 * Fastify's types, extended with Phare's route role declarations and request actor. Kept apart
 * from roles.ts so the showroom can import the role names without pulling in fastify.
 */
import type { Actor, Role } from './roles.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed on this route; every /api route must declare it. */
    allow?: readonly Role[];
  }
  interface FastifyRequest {
    /** Who is asking: set by the auth hook on every request (role `visitor` when anonymous). */
    actor: Actor;
  }
}
