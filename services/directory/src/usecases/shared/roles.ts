import { grantedRoleSchema, roleParams } from '@webitr/contracts';
import { ForbiddenError } from '@webitr/platform';
import type { DirectoryContext } from '../../context.ts';
import { roleKey } from '../../models/person.ts';
import type { GrantedRole } from '../../models/person.ts';
import { changeEntry } from '../../audit/entries.ts';
import { personChanged } from '../../messaging/publishers.ts';
import { authorize, isSystemAdmin } from '../../domain/access.ts';
import type { Actor } from '../../domain/actor.ts';
import { changePerson } from './person-writer.ts';
import { personDetail } from './views.ts';
import type { PersonDetail } from './views.ts';

export { grantedRoleSchema, roleParams };

/**
 * Grant or revoke a role, scoped to the person's agency. Only a system
 * administrator makes system administrators.
 */
export async function changeRole(
  ctx: DirectoryContext,
  actor: Actor,
  mode: 'grant' | 'revoke',
  personId: string,
  role: GrantedRole,
): Promise<PersonDetail> {
  const { person } = await changePerson(ctx, personId, (person) => {
    const agencyId = person.agencyId;
    authorize(actor, 'manage-roles', agencyId);
    if (role === 'system-admin' && !isSystemAdmin(actor))
      throw new ForbiddenError({ code: 'ROLE_REQUIRED', detail: '系統管理者角色只能由系統管理者授予或取消' });
    const held = (person.roles ?? []).some((r) => r.role === role && r.agencyId === agencyId);
    if ((mode === 'grant') === held) return undefined;
    const roles =
      mode === 'grant'
        ? [...(person.roles ?? []), { role, agencyId }]
        : person.roles.filter((r) => !(r.role === role && r.agencyId === agencyId));
    const keys = roles.map((r) => roleKey(r.role, r.agencyId));
    return {
      set: { roles: roles.map(({ role, agencyId }) => ({ role, agencyId })), roleKeys: keys },
      events: [personChanged(person._id, agencyId, ['roles'])],
      entries: [
        changeEntry(actor, {
          action: mode === 'grant' ? 'role.granted' : 'role.revoked',
          agencyIds: [agencyId],
          targetType: 'person',
          targetId: person._id,
          personId: person._id,
          changes: ['roles'],
          before: { roles: person.roleKeys ?? [] },
          after: { roles: keys },
        }),
      ],
    };
  });
  return personDetail(person);
}
