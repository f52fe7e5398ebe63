import { isRouteErrorResponse, useRouteError } from 'react-router';
import { Button } from 'react-aria-components';
import { isProblem } from '../api/problem.ts';
import { ProblemMessage } from '../components/problem-message.tsx';
import NotFoundPage from '../pages/not-found/index.tsx';

/**
 * A route's error boundary: a problem in its words, anything else (a bug, a
 * page's code that failed to load after an update) as a plain sentence and
 * 重新整理 — never a blank page or a stack trace. The shell around it stays.
 */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (isProblem(error))
    return (
      <section className="card">
        <ProblemMessage problem={error} heading />
      </section>
    );
  return (
    <section className="card" role="alert">
      <h1 id="page-title">此頁面發生錯誤</h1>
      <p className="detail">請重新整理頁面；若仍無法使用，請洽貴機關的系統管理師。</p>
      <p className="actions">
        <Button onPress={() => location.reload()}>重新整理</Button>
      </p>
      <p className="code">
        代碼：<code>CLIENT_ERROR</code>
      </p>
    </section>
  );
}
