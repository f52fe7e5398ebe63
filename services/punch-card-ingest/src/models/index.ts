import type { Connection } from 'mongoose';
import { attendanceDayModel, pendingDaysModel } from './attendance-day.ts';
import { calendarDayModel } from './calendar-day.ts';
import { cardFileProfileModel } from './card-file-profile.ts';
import { deviceBatchModel, punchDeviceModel } from './device.ts';
import { formModel } from './form.ts';
import { personModel } from './person.ts';
import { punchModel } from './punch.ts';
import { uploadLineModel, uploadModel } from './upload.ts';

export type Models = ReturnType<typeof registerModels>;

/** Every model of the punch-card-ingest service on its connection. */
export function registerModels(connection: Connection) {
  return {
    punches: punchModel(connection),
    profiles: cardFileProfileModel(connection),
    uploads: uploadModel(connection),
    uploadLines: uploadLineModel(connection),
    days: attendanceDayModel(connection),
    pending: pendingDaysModel(connection),
    forms: formModel(connection),
    calendar: calendarDayModel(connection),
    people: personModel(connection),
    devices: punchDeviceModel(connection),
    deviceBatches: deviceBatchModel(connection),
  };
}
