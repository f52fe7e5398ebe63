import { expect } from 'chai';
import { ruleSetFor } from './people.ts';

describe('which leave rules a person follows', () => {
  it('gives teachers holding a post (主任, 組長) and principals the teacher rules with 休假; officers called 主任 stay civil servants', () => {
    expect(ruleSetFor('教師', '教務主任')).to.equal('teacher-admin');
    expect(ruleSetFor('教師', '資訊組長')).to.equal('teacher-admin');
    expect(ruleSetFor('教師', '校長')).to.equal('teacher-admin');
    expect(ruleSetFor('教師', '導師')).to.equal('teacher');
    expect(ruleSetFor('教師', undefined)).to.equal('teacher');
    expect(ruleSetFor('職員', '人事主任')).to.equal('civil-servant');
    expect(ruleSetFor('職員', '資訊組長')).to.equal('civil-servant');
    expect(ruleSetFor('代課教師', '校長')).to.equal(undefined);
  });
});
