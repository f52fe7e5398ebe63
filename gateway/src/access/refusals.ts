import type { PersonSummary } from '@webitr/contracts';
import { ForbiddenError, NotFoundError } from '@webitr/platform';

// Why a person may not come in, or may not do this, in the words people read.

/** 查無此人員資料: a portal account the directory does not know. */
export const personNotFound = () =>
  new NotFoundError({
    code: 'PERSON_NOT_FOUND',
    title: '查無此人員資料',
    detail:
      '您已通過入口網登入，但差勤系統中沒有您的人員資料。請洽貴機關人事室，確認已為您建立人員資料，且登錄的電子郵件或身分證字號與入口網帳號相同；新進或調任人員請於報到後再試。',
  });

export function inactivePerson(person: PersonSummary): ForbiddenError | undefined {
  if (person.status === 'separated') {
    return new ForbiddenError({
      code: 'PERSON_SEPARATED',
      title: '您已離職，無法使用差勤系統',
      detail: `依${person.agencyName}的人事資料，您已離職。如有疑問請洽人事室。`,
    });
  }
  if (person.status === 'leave-without-pay') {
    return new ForbiddenError({
      code: 'PERSON_SUSPENDED',
      title: '您目前留職停薪，無法使用差勤系統',
      detail: `依${person.agencyName}的人事資料，您目前留職停薪，復職後即可使用。如有疑問請洽人事室。`,
    });
  }
  return undefined;
}

export const appNotGranted = (person: PersonSummary) =>
  new ForbiddenError({
    code: 'APP_NOT_GRANTED',
    title: '您尚未獲授權使用差勤系統',
    detail: `您的帳號尚未開通 WebITR 差勤系統。請洽${person.agencyName}的系統管理師（機關管理員）在「可用系統」為您勾選「WebITR 差勤系統」，開通後即可使用，不必重新登入。`,
  });

/** An administrative action the person's roles do not cover; `detail` says whose role it takes. */
export const adminRoleRequired = (detail: string) =>
  new ForbiddenError({ code: 'ADMIN_ROLE_REQUIRED', title: '您沒有管理此項目的權限', detail });
