import type { Connection } from 'mongoose';
import { agencyModel } from './agency.ts';
import { changeLogModel } from './change-log.ts';
import { personKeyModel } from './person-key.ts';
import { personModel } from './person.ts';
import { unitModel } from './unit.ts';

export * from './agency.ts';
export * from './change-log.ts';
export * from './person-key.ts';
export * from './person.ts';
export * from './unit.ts';

export function registerModels(connection: Connection) {
  return {
    Agency: agencyModel(connection),
    Unit: unitModel(connection),
    Person: personModel(connection),
    PersonKey: personKeyModel(connection),
    ChangeLog: changeLogModel(connection),
  };
}
export type Models = ReturnType<typeof registerModels>;
