import { expect } from 'chai';
import { NETWORK_REFUSAL_CODES } from '@webitr/contracts/api/network-refusals';
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

  it('treats every network refusal the gateway sends as a network to change, 出勤刷卡 off the onsite network included', () => {
    for (const code of Object.values(NETWORK_REFUSAL_CODES)) {
      const problem = new ProblemError(403, {
        code,
        title: '',
        requiredZones: ['onsite-kh-guanghua-es'],
        zone: 'vpn',
        address: '10.8.0.7',
      });
      expect(guidanceFor(problem).join(''), code).to.contain('您目前的連線：SSL-VPN（10.8.0.7）');
    }
    const offsite = guidanceFor(new ProblemError(403, { code: 'ONSITE_REQUIRED', title: '' }));
    expect(offsite[0]).to.equal('請於上班地點連上機關現場網路後，重新整理此頁；經 SSL-VPN 無法使用此功能。');
  });

  it('retries any 503, whatever its code (a dependency down, e.g. DEPENDENCY_UNREACHABLE), and not a refusal', () => {
    expect(new ProblemError(503, { code: 'DEPENDENCY_UNREACHABLE', title: '' }).retryable).to.equal(true);
    expect(new ProblemError(403, { code: 'DEPENDENCY_UNREACHABLE', title: '' }).retryable).to.equal(false);
  });
});
