// 人員資料's form model: what the fields hold (text, as typed) and the request
// bodies the contracts validate — a new person (createPersonBody) or a change
// (updatePersonBody: a blank optional field clears it, the national ID is
// sent only when retyped).
import type { CreatePersonInput, UpdatePersonInput } from '@webitr/contracts/forms/directory';
import type { PersonDetail } from '@webitr/contracts/views/directory';

export interface PersonFields {
  nationalId: string;
  name: string;
  email: string;
  unitId: string;
  title: string;
  jobCategory: string;
  scheduleGroup: string;
  serviceStartDate: string;
  /** 卡號, separated by commas, 、 or spaces as people type them. */
  cardNumbers: string;
}

export const PERSON_FIELDS = [
  'nationalId',
  'name',
  'email',
  'unitId',
  'title',
  'jobCategory',
  'scheduleGroup',
  'serviceStartDate',
  'cardNumbers',
] as const;

export const EMPTY_PERSON: PersonFields = {
  nationalId: '',
  name: '',
  email: '',
  unitId: '',
  title: '',
  jobCategory: '',
  scheduleGroup: '',
  serviceStartDate: '',
  cardNumbers: '',
};

/** The fields as a person's record fills them (the national ID is never here: it is shown masked, typed only to change it). */
export function fieldsOf(person: PersonDetail): PersonFields {
  return {
    nationalId: '',
    name: person.name,
    email: person.email ?? '',
    unitId: person.unitId ?? '',
    title: person.title ?? '',
    jobCategory: person.jobCategory,
    scheduleGroup: person.scheduleGroup ?? '',
    serviceStartDate: person.serviceStartDate ?? '',
    cardNumbers: person.cardNumbers.join(', '),
  };
}

export const splitCards = (text: string): string[] =>
  text
    .split(/[\s,，、;；]+/)
    .map((c) => c.trim())
    .filter(Boolean);

const given = (text: string): string | undefined => (text.trim() === '' ? undefined : text);

/** 新增員工's body: blanks left out (the directory's defaults apply: 在職, no cards). */
export function createBody(f: PersonFields): CreatePersonInput {
  const body: Record<string, unknown> = {
    nationalId: f.nationalId,
    name: f.name,
    jobCategory: given(f.jobCategory),
    email: given(f.email),
    unitId: given(f.unitId),
    title: given(f.title),
    scheduleGroup: given(f.scheduleGroup),
    serviceStartDate: given(f.serviceStartDate),
    cardNumbers: splitCards(f.cardNumbers),
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body as CreatePersonInput;
}

/** 編輯員工資料's body against the version shown: a blank optional field is cleared (null), the national ID only when retyped. */
export function updateBody(f: PersonFields, version: number): UpdatePersonInput {
  const clearable = (text: string) => given(text) ?? null;
  return {
    version,
    ...(given(f.nationalId) ? { nationalId: f.nationalId } : {}),
    name: f.name,
    ...(given(f.jobCategory) ? { jobCategory: f.jobCategory as UpdatePersonInput['jobCategory'] } : {}),
    email: clearable(f.email),
    unitId: clearable(f.unitId),
    title: clearable(f.title),
    scheduleGroup: clearable(f.scheduleGroup),
    serviceStartDate: clearable(f.serviceStartDate),
    cardNumbers: splitCards(f.cardNumbers),
  };
}

/** The first message under a field's path (`cardNumbers.1` names the field `cardNumbers`). */
export function messageAt(errors: unknown, field: string): string | undefined {
  const node = (errors as Record<string, unknown> | undefined)?.[field];
  const dig = (n: unknown): string | undefined => {
    if (!n || typeof n !== 'object') return undefined;
    const message = (n as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
    // A field error's own keys (ref is the field's element) are not nested errors.
    for (const [key, value] of Object.entries(n)) {
      if (key === 'ref' || key === 'type' || key === 'types') continue;
      const found = dig(value);
      if (found) return found;
    }
    return undefined;
  };
  return dig(node);
}
