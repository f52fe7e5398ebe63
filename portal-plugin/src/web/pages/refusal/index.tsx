import type { ProblemError } from '../../api/problem.ts';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { guidanceFor } from './guidance.ts';

/** Signed in but refused (not granted the app, wrong network, separated, unknown person): what happened and whom to ask. */
export default function RefusalPage({ problem }: { problem: ProblemError }) {
  return (
    <section className="card notice">
      <ProblemMessage problem={problem} heading />
      {guidanceFor(problem).map((line) => (
        <p key={line} className="guidance">
          {line}
        </p>
      ))}
    </section>
  );
}
