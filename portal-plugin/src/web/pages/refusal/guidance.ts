import { NETWORK_REFUSAL_CODES } from '@webitr/contracts/api/network-refusals';
import { NETWORK_CODES } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { zoneLabel } from '../../lib/labels.ts';

/** Whom to ask, or what to do, for a refusal: its detail says what happened, this says where to turn. */
export function guidanceFor(problem: ProblemError): string[] {
  if (NETWORK_CODES.has(problem.code)) {
    // On-site only (出勤刷卡, card machines): the SSL-VPN does not help, being at work does.
    const onsite = problem.code === NETWORK_REFUSAL_CODES.onsite || problem.code === NETWORK_REFUSAL_CODES.device;
    const lines = [
      onsite
        ? '請於上班地點連上機關現場網路後，重新整理此頁；經 SSL-VPN 無法使用此功能。'
        : '請連線 SSL-VPN（或回到機關內部網路）後，重新整理此頁。',
    ];
    if (problem.network.requiredZones?.length) lines.push(`可使用的網路：${problem.network.requiredZones.map(zoneLabel).join('、')}。`);
    if (problem.network.zone)
      lines.push(`您目前的連線：${zoneLabel(problem.network.zone)}${problem.network.address ? `（${problem.network.address}）` : ''}。`);
    return lines;
  }
  if (problem.code === 'APP_NOT_GRANTED') return ['請洽貴機關的系統管理師（機關管理員）開通「WebITR 差勤系統」。'];
  if (problem.code.startsWith('PERSON_')) return ['請洽貴機關人事室。'];
  // The directory's refusals of administration (ADMIN_ROLE_REQUIRED, OUTSIDE_AGENCY, ROLE_REQUIRED).
  if (problem.code === 'OUTSIDE_AGENCY') return ['您只能管理自己機關的人員與設定；此機關的事務請洽該機關的機關管理員。'];
  if (problem.code === 'ADMIN_ROLE_REQUIRED' || problem.code === 'ROLE_REQUIRED')
    return ['管理功能依角色開放（機關管理員、差勤管理者）；如需使用，請洽貴機關的機關管理員授予角色。'];
  return ['如有疑問，請洽貴機關的系統管理師，並告知下列代碼。'];
}
