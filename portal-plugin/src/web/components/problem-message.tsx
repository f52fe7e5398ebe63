import { Button } from 'react-aria-components';
import type { ProblemError } from '../api/problem.ts';

/** A problem in words: its zh-TW title and detail, and the code (and error id) to quote to the help desk. */
export function ProblemMessage({ problem, onRetry, heading = false }: { problem: ProblemError; onRetry?: () => void; heading?: boolean }) {
  const Title = heading ? 'h1' : 'p';
  return (
    <div className="problem" role="alert" data-problem-code={problem.code}>
      <Title className="problem-title">{problem.title}</Title>
      {problem.detail ? <p className="detail">{problem.detail}</p> : null}
      {problem.retryable && onRetry ? (
        <p className="actions">
          <Button onPress={onRetry}>重試</Button>
        </p>
      ) : null}
      <p className="code">
        代碼：<code>{problem.code}</code>
        {problem.errorId ? (
          <>
            ，錯誤編號 <code>{problem.errorId}</code>
          </>
        ) : null}
      </p>
    </div>
  );
}
