import type { RequestHandler, Response, Router } from 'express';
import { ForbiddenError, identityOf, mountOperation, personOf } from '@webitr/platform';
import type { OperationInput } from '@webitr/platform';
import type { Operation } from '@webitr/contracts';
import { ADMINISTRATION_ROLES } from '../domain/access.ts';
import { actorFrom } from '../domain/actor.ts';
import type { Actor } from '../domain/actor.ts';

/**
 * The door of every administration route: a person (through the gateway) who
 * holds an administration role somewhere. Employees and services stop here;
 * the use case then checks the role in the agency concerned.
 */
export const administratorsOnly: RequestHandler = (_req, res, next) => {
  const person = personOf(res);
  if (!person.roles.some((r) => ADMINISTRATION_ROLES.includes(r.role))) {
    throw new ForbiddenError({ code: 'ADMIN_ROLE_REQUIRED', detail: '此功能限機關管理員、差勤管理者或系統管理者使用' });
  }
  next();
};

export const actorOf = (res: Response): Actor => actorFrom(identityOf(res));

/** Mount an administration operation behind the door, with the actor handed to the handler. */
export function adminOperation<O extends Operation>(
  router: Router,
  operation: O,
  handler: (input: OperationInput<O>, actor: Actor, res: Response) => Promise<unknown> | unknown,
): O {
  router[operation.method](operation.path, administratorsOnly);
  mountOperation(router, operation, (input) => handler(input, actorOf(input.req.res!), input.req.res!));
  return operation;
}

/** RFC 6266 attachment header with a UTF-8 file name and an ASCII fallback. */
export function attachment(res: Response, filename: string, contentType: string): void {
  res.setHeader('content-type', contentType);
  res.setHeader(
    'content-disposition',
    `attachment; filename="${filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  );
  res.setHeader('cache-control', 'no-store');
}
