/** The problem statement: title, facts, the description (safe Markdown) and the visible tests. */
import { formatJson } from './format.ts';
import { MarkdownView } from './markdown-view.tsx';
import type { QuestionView } from './types.ts';

/** Props of `ProblemPanel`. */
export interface ProblemPanelProps {
  question: QuestionView;
  questionCount: number;
}

/** The problem panel. */
export function ProblemPanel({ question, questionCount }: ProblemPanelProps) {
  return (
    <section className="ilm-panel ilm-problem" aria-labelledby="ilm-problem-title">
      <p className="ilm-muted ilm-small">
        Question {question.number} of {questionCount}
      </p>
      <h2 id="ilm-problem-title" className="ilm-problem-title">
        {question.title}
      </h2>
      <ul className="ilm-facts" aria-label="About this question">
        <li className={`ilm-badge ilm-difficulty-${question.difficulty}`}>{question.difficulty}</li>
        <li className="ilm-badge">about {question.estimatedMinutes} min</li>
        {question.topics.map((topic) => (
          <li key={topic} className="ilm-badge ilm-badge-quiet">
            {topic}
          </li>
        ))}
      </ul>
      <MarkdownView text={question.description} />
      <p className="ilm-small">
        Write the function <code className="ilm-md-code">{question.entryPoint}</code> in {question.language}.
      </p>
      {question.visibleTests.length > 0 ? (
        <>
          <h3 className="ilm-subtitle">Example tests</h3>
          <p className="ilm-muted ilm-small">
            "Run tests" runs these. Submitting also runs hidden tests you cannot see.
          </p>
          <ul className="ilm-visible-tests">
            {question.visibleTests.map((test) => (
              <li key={test.name}>
                <span className="ilm-test-name">{test.name}</span>
                <code className="ilm-test-call">
                  {question.entryPoint}({test.args.map(formatJson).join(', ')})
                </code>
                <span className="ilm-muted ilm-small">
                  expected <code>{formatJson(test.expected)}</code>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
