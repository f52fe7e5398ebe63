import type { Connection } from 'mongoose';
import { absenceIndexModel } from './absence-index.ts';
import { agencyPolicyModel } from './agency-policy.ts';
import { balanceModel } from './balance.ts';
import { commonReasonsModel } from './common-reasons.ts';
import { calendarEntryModel, calendarPendingModel, nationalYearModel } from './calendar-entry.ts';
import { deputyListModel } from './deputy-list.ts';
import { formModel } from './form.ts';
import { personProfileModel } from './person-profile.ts';

export type Models = ReturnType<typeof registerModels>;

/** Every model of the leave service on its connection. */
export function registerModels(connection: Connection) {
  return {
    forms: formModel(connection),
    absences: absenceIndexModel(connection),
    balances: balanceModel(connection),
    deputyLists: deputyListModel(connection),
    policies: agencyPolicyModel(connection),
    calendar: calendarEntryModel(connection),
    nationalYears: nationalYearModel(connection),
    calendarPending: calendarPendingModel(connection),
    people: personProfileModel(connection),
    commonReasons: commonReasonsModel(connection),
  };
}
