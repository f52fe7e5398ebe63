import { Navigate } from 'react-router';
import { useMe } from '../api/hooks.ts';
import { adminUrl } from './admin.ts';

/** `/attendance/closures`, where 停止上班上課 was before it joined 管理: on to the person's own agency's page (which checks who may). */
export function ClosuresMoved() {
  const me = useMe();
  return <Navigate to={adminUrl(me.agency.id, 'closures')} replace />;
}
