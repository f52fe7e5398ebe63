import { expect } from 'chai';
import { ProblemError } from '../src/web/api/problem.ts';
import { guidanceFor } from '../src/web/pages/refusal/guidance.ts';

describe('refusals in words: whom to ask, what to do', () => {
  it('sends a wrong network to the SSL-VPN, naming the networks allowed and the one in use', () => {
    const problem = new ProblemError(403, {
      code: 'NETWORK_ZONE_REQUIRED',
      title: '您目前的網路位置無法使用此功能',
      requiredZones: ['intranet', 'vpn'],
      zone: 'internet',
      address: '203.0.113.9',
    });
    expect(guidanceFor(problem)).to.deep.equal([
      '請連線 SSL-VPN（或回到機關內部網路）後，重新整理此頁。',
      '可使用的網路：機關內部網路、SSL-VPN。',
      '您目前的連線：網際網路（203.0.113.9）。',
    ]);
  });

  it('sends a person not granted the app to the agency administrator, a separated or unknown one to personnel', () => {
    expect(guidanceFor(new ProblemError(403, { code: 'APP_NOT_GRANTED', title: '' }))[0]).to.contain('系統管理師（機關管理員）');
    expect(guidanceFor(new ProblemError(403, { code: 'PERSON_SEPARATED', title: '' }))).to.deep.equal(['請洽貴機關人事室。']);
    expect(guidanceFor(new ProblemError(404, { code: 'PERSON_NOT_FOUND', title: '' }))).to.deep.equal(['請洽貴機關人事室。']);
  });
});
