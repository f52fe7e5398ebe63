import { expect } from 'chai';
import { DEMO_ACCOUNTS } from '@webitr/contracts';
import { parseInput } from '@webitr/platform';
import { z } from 'zod';
import { isValidNationalId, maskNationalId, nationalIdProblem, nationalIdSchema } from './national-id.ts';

describe('national ID numbers: format and check digit', () => {
  const citizens = ['A123456789', 'B123456780', 'H223456788', 'Z187654324', 'P212345671', 'C198765437', 'D287654328'];
  const residents = ['A800000014', 'F900000011'];

  for (const id of [...citizens, ...residents]) {
    it(`accepts ${id}`, () => expect(nationalIdProblem(id)).to.equal(undefined));
  }

  it('accepts every demo account number', () => {
    for (const account of DEMO_ACCOUNTS) expect(isValidNationalId(account.nationalId), account.username).to.equal(true);
  });

  it('refuses each valid number with its last digit changed (check digit)', () => {
    for (const id of [...citizens, ...residents]) {
      for (let d = 0; d < 10; d += 1) {
        const other = id.slice(0, 9) + d;
        if (other !== id) expect(nationalIdProblem(other), other).to.equal('check-digit');
      }
    }
  });

  it('refuses a changed letter or digit in the middle (check digit)', () => {
    expect(nationalIdProblem('B123456789')).to.equal('check-digit');
    expect(nationalIdProblem('A123456879')).to.equal('check-digit'); // two digits swapped
  });

  for (const bad of ['A323456789', 'A023456789', '1123456789', 'AB23456789', 'A12345678', 'A1234567890', 'a123456789', '', 'A12345678X']) {
    it(`refuses the format of ${JSON.stringify(bad)}`, () => expect(nationalIdProblem(bad)).to.equal('format'));
  }

  it('normalises what people type (spaces, lower case) before checking', () => {
    expect(nationalIdSchema.parse(' a12345 6789 ')).to.equal('A123456789');
  });

  it('explains a refusal in zh-TW, naming the field and never repeating the number', () => {
    const schema = z.object({ nationalId: nationalIdSchema });
    for (const [input, message] of [
      ['A123456788', '身分證字號檢查碼錯誤'],
      ['A323456789', '身分證字號格式錯誤'],
    ] as const) {
      try {
        parseInput(schema, { nationalId: input }, 'body');
        expect.fail('should have thrown');
      } catch (error) {
        const { fields, detail } = error as { fields: { field: string; label: string; message: string }[]; detail: string };
        expect(fields[0]).to.include({ field: 'body.nationalId', label: '身分證字號' });
        expect(fields[0]!.message).to.contain(message);
        expect(detail).not.to.contain(input);
      }
    }
  });

  it('masks as A12*****89', () => {
    expect(maskNationalId('A123456789')).to.equal('A12*****89');
    expect(maskNationalId('F900000011')).to.equal('F90*****11');
  });
});
