import { expect } from 'chai';
import { telemetryWanted } from './settings.ts';

describe('telemetryWanted: traces only when the OTEL_* variables ask', () => {
  it('is off by default, as npm start and the tests run', () => {
    expect(telemetryWanted({})).to.equal(false);
  });

  it('is on with an OTLP endpoint or a traces exporter', () => {
    expect(telemetryWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).to.equal(true);
    expect(telemetryWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).to.equal(true);
    expect(telemetryWanted({ OTEL_TRACES_EXPORTER: 'console' })).to.equal(true);
  });

  it('stays off when the exporter is none or the SDK is disabled', () => {
    expect(telemetryWanted({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).to.equal(false);
    expect(telemetryWanted({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).to.equal(false);
    expect(telemetryWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).to.equal(false);
  });
});
