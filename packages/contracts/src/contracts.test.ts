import { expect } from 'chai';
import { z } from 'zod';
import { createOpenApiDocument, eventCatalog, eventEnvelopeSchema, isKnownEventType, topology } from './index.ts';

describe('event envelope', () => {
  const valid = {
    id: '6f1c1d6e-6a55-4b43-9b55-2f1f0e7f3a10',
    type: 'leave.request.submitted',
    occurredAt: '2024-08-20T08:00:00+08:00',
    producer: 'leave',
    correlationId: 'req-1',
    payload: {},
  };

  it('accepts a well-formed envelope', () => {
    expect(eventEnvelopeSchema.safeParse(valid).success).to.equal(true);
  });

  for (const [field, value] of [
    ['id', 'not-a-uuid'],
    ['type', 'LeaveSubmitted'],
    ['type', 'leave.submitted'],
    ['occurredAt', 'yesterday'],
    ['producer', ''],
  ] as const) {
    it(`refuses ${field} = ${JSON.stringify(value)}`, () => {
      const result = eventEnvelopeSchema.safeParse({ ...valid, [field]: value });
      expect(result.success).to.equal(false);
      expect(result.error?.issues[0]?.path).to.deep.equal([field]);
    });
  }

  it('names every event type as service.entity.past-tense-verb with a payload schema', () => {
    for (const [type, schema] of Object.entries(eventCatalog)) {
      expect(eventEnvelopeSchema.shape.type.safeParse(type).success, type).to.equal(true);
      expect(schema).to.be.instanceOf(z.ZodType);
      expect(isKnownEventType(type)).to.equal(true);
    }
    expect(isKnownEventType('leave.request.exploded')).to.equal(false);
    expect(isKnownEventType('constructor')).to.equal(false);
  });
});

describe('topology', () => {
  it('prefixes every name with the namespace, and none without one', () => {
    expect(topology().queue('leave')).to.equal('leave.events');
    const t = topology('t1234');
    expect([t.eventsExchange, t.deadLetterExchange, t.queue('leave'), t.deadLetterQueue('leave')]).to.deep.equal([
      't1234.webitr.events',
      't1234.webitr.events.dead-letter',
      't1234.leave.events',
      't1234.leave.events.dead',
    ]);
  });
});

describe('createOpenApiDocument', () => {
  it('documents operations from their zod schemas, with problem responses and health endpoints', () => {
    const doc = createOpenApiDocument({ title: 'leave', version: '1' }, [
      {
        operationId: 'getForm',
        method: 'get',
        path: '/forms/:formId',
        access: 'app',
        summary: 'one form',
        params: z.object({ formId: z.string() }),
        response: { status: 200, description: 'the form', schema: z.object({ id: z.string(), hours: z.number() }) },
      },
    ]);
    expect(doc.paths).to.have.keys(['/healthz', '/readyz', '/forms/{formId}']);
    const op = doc.paths?.['/forms/{formId}']?.get;
    expect(op?.operationId).to.equal('getForm');
    expect(op).to.have.property('x-webitr-access', 'app');
    expect(op?.parameters).to.deep.include({ in: 'path', name: 'formId', required: true, schema: { type: 'string' } });
    expect(JSON.stringify(op?.responses?.default)).to.contain('application/problem+json');
    expect(doc.components?.schemas).to.have.property('Problem');
  });
});
