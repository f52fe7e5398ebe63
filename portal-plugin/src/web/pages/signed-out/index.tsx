import { useLocation } from 'react-router';
import { usePortals } from '../../api/hooks.ts';
import { signInHref } from '../../api/session.ts';
import type { ProblemError } from '../../api/problem.ts';

/** No session (or one that ended): no menu, a way in through each portal, back to the page asked for. */
export default function SignedOutPage({ problem }: { problem?: ProblemError | undefined }) {
  const location = useLocation();
  const portals = usePortals();
  const returnTo = location.pathname + location.search;
  return (
    <section className="card notice">
      <h1 id="page-title">{problem?.title ?? '請先登入'}</h1>
      <p className="detail">{problem?.detail ?? '請由入口網的「WebITR 差勤系統」進入，或由下列入口網登入。'}</p>
      <p className="actions">
        {(portals.data ?? []).map((portal) => (
          <a key={portal.id} className="button" href={signInHref(portal, returnTo)}>
            經由{portal.name}登入
          </a>
        ))}
      </p>
      {problem ? (
        <p className="code">
          代碼：<code>{problem.code}</code>
        </p>
      ) : null}
    </section>
  );
}
