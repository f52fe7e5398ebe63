import { expect } from 'chai';
import { z } from 'zod';
import { InputError } from './errors.ts';
import { parseInput } from './validation.ts';

const leaveForm = z.object({
  reason: z.string().min(1).meta({ title: '事由' }),
  location: z.string().max(20).optional().meta({ title: '地點' }),
  deputies: z.array(z.object({ personId: z.string().meta({ title: '代理人' }) })).optional(),
  hours: z.number().positive(),
});

function errorOf(value: unknown): InputError {
  try {
    parseInput(leaveForm, value, 'body');
  } catch (error) {
    expect(error).to.be.instanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseInput', () => {
  it('returns the parsed value when valid', () => {
    expect(parseInput(leaveForm, { reason: '家事', hours: 8 })).to.deep.equal({ reason: '家事', hours: 8 });
  });

  it('names each failing field by path and by the zh-TW label users know', () => {
    const error = errorOf({ location: '高雄市'.repeat(8), hours: 8 });
    expect(error.code).to.equal('VALIDATION_FAILED');
    expect(error.fields).to.have.length(2);
    const [reason, location] = error.fields;
    expect(reason).to.deep.include({ field: 'body.reason', label: '事由', code: 'required', message: '此欄位為必填' });
    expect(location).to.deep.include({ field: 'body.location', label: '地點', code: 'too_big' });
    expect(location?.message).to.contain('20');
    expect(error.detail).to.contain('事由：此欄位為必填').and.contain('地點：');
  });

  it('finds labels inside arrays of objects', () => {
    const error = errorOf({ reason: 'x', hours: 1, deputies: [{ personId: 7 }] });
    expect(error.fields[0]).to.deep.include({ field: 'body.deputies.0.personId', label: '代理人', code: 'invalid_type' });
  });

  it('falls back to the path when a field has no label, in zh-TW', () => {
    const error = errorOf({ reason: 'x', hours: -1 });
    expect(error.fields[0]?.field).to.equal('body.hours');
    expect(error.fields[0]).to.not.have.property('label');
    expect(error.fields[0]?.message).to.match(/[\u4e00-\u9fff]/);
  });
});
