/**
 * The sampler: OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG when set (the standard values), else
 * parent-based with `telemetry.traces.sampleRatio` for new traces (a client's sampled traceparent is
 * followed, so its trace is never cut in the middle).
 */
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler, type Sampler } from '@opentelemetry/sdk-trace';

export function chooseSampler(ratio: number, env: NodeJS.ProcessEnv): Sampler {
  const arg = Number(env.OTEL_TRACES_SAMPLER_ARG);
  const envRatio = Number.isFinite(arg) && arg >= 0 && arg <= 1 && env.OTEL_TRACES_SAMPLER_ARG !== '' ? arg : 1;
  const byName: Record<string, () => Sampler> = {
    always_on: () => new AlwaysOnSampler(),
    always_off: () => new AlwaysOffSampler(),
    traceidratio: () => new TraceIdRatioBasedSampler(envRatio),
    parentbased_always_on: () => new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    parentbased_always_off: () => new ParentBasedSampler({ root: new AlwaysOffSampler() }),
    parentbased_traceidratio: () => new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(envRatio) }),
  };
  const named = env.OTEL_TRACES_SAMPLER ? byName[env.OTEL_TRACES_SAMPLER] : undefined;
  return named ? named() : new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
}
