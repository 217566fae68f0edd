/**
 * `stimulate`: act on the physical world (ARCHITECTURE.md §2). In simulation, a POST to the
 * device simulator's control API (hardware/simulators/README.md: `POST /gear/:short
 * {lampFailure}`…); with real kit, a `prompt` event for the operator ("unscrew the lamp of
 * lamp07"), and the step waits for engine.confirmPrompt(runId, stepId).
 */
import { ProtocolException, Timeout } from '@phare/device-drivers/errors.ts';
import { durationMs, formatMs } from '../duration.ts';
import type { ScenarioStep } from '../schema.ts';
import type { StepContext, StepRunner } from '../step-context.ts';

const CONTROL_TIMEOUT_MS = 5000;
const DEFAULT_PROMPT_TIMEOUT = '5m';

export const runStimulate: StepRunner<NonNullable<ScenarioStep['stimulate']>> = async (body, ctx, info) => {
  const controlUrl = ctx.simulatorControl(body.device);
  if (controlUrl) await callSimulator(controlUrl, body, ctx);
  else await askOperator(body, ctx, info.id);
  return ctx.clock.now();
};

async function callSimulator(
  controlUrl: string,
  body: NonNullable<ScenarioStep['stimulate']>,
  ctx: StepContext,
): Promise<void> {
  const url = new URL(body.action, controlUrl.endsWith('/') ? controlUrl : `${controlUrl}/`);
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(CONTROL_TIMEOUT_MS)]);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body.params ?? {}),
      signal,
    });
  } catch (error) {
    ctx.signal.throwIfAborted();
    throw new ProtocolException(`stimulate ${body.device}: control API ${url.href} did not answer`, {
      device: body.device,
      cause: error,
    });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new ProtocolException(
      `stimulate ${body.device}: POST ${url.pathname} answered ${response.status} ${text.slice(0, 200)}`,
      { device: body.device, detail: { status: response.status } },
    );
  }
}

async function askOperator(
  body: NonNullable<ScenarioStep['stimulate']>,
  ctx: StepContext,
  stepId: string,
): Promise<void> {
  const timeoutMs = durationMs(body.timeout ?? DEFAULT_PROMPT_TIMEOUT);
  ctx.emit('prompt', { step: stepId, device: body.device, fr: body.prompt.fr, en: body.prompt.en });
  let timer: { cancel(): void } | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = ctx.clock.after(timeoutMs, () =>
      reject(
        new Timeout(`the operator did not confirm "${body.prompt.en}" within ${formatMs(timeoutMs)}`, {
          device: body.device,
        }),
      ),
    );
  });
  try {
    await Promise.race([ctx.promptConfirmed(stepId), late]);
  } finally {
    timer?.cancel();
  }
  ctx.emit('prompt-confirmed', { step: stepId, device: body.device });
}
