/**
 * Create (`/assessments/new`) or edit (`/assessments/:id/edit`) an assessment in four steps:
 * basics; languages and question plan (the seniority's default difficulty mix shown, overridable);
 * AI policy and integrity monitoring; review, then save as a draft or publish.
 * API: POST /api/assessments, GET/PATCH /api/assessments/:id, POST …/publish, GET /api/seeds.
 */
import { type FormEvent, useState } from 'react';
import { endpoints } from '../../api/endpoints.ts';
import { fieldErrors } from '../../api/errors.ts';
import type { AssessmentView, ProgrammingLanguage } from '../../api/types.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import {
  defaultDifficultyMix,
  expectedCounts,
  formatMix,
  mixToPercents,
  seniorityOptions,
} from '../../lib/difficulty-mix.ts';
import { humanize } from '../../lib/format.ts';
import {
  aiPolicyOptions,
  languageLabel,
  languageOptions,
  questionSourceOptions,
  roleOptions,
} from '../../lib/labels.ts';
import { useResource } from '../../lib/use-resource.ts';
import { Link, navigate, type RouteComponentProps, useQuery } from '../../router/router.tsx';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  ChoiceGroup,
  ErrorAlert,
  Input,
  Loading,
  PageHeader,
  Progress,
  Select,
  Textarea,
  useToasts,
} from '../../ui/index.ts';
import {
  effectiveMix,
  firstInvalidStep,
  initialWizardState,
  MAX_DURATION,
  MAX_QUESTIONS,
  MIN_DURATION,
  stateFromAssessment,
  stepOfField,
  toCreateBody,
  toUpdateBody,
  validateStep,
  type WizardState,
  withSeniority,
  wizardSteps,
} from './wizard-model.ts';

export default function AssessmentWizardPage({ params }: RouteComponentProps) {
  const editId = params.id;
  const existing = useResource(
    () =>
      editId
        ? endpoints.assessments.get(editId).then((answer) => answer.assessment)
        : Promise.resolve(undefined),
    [editId],
  );
  if (editId && !existing.data) {
    return (
      <>
        <PageHeader title="Edit assessment" />
        {existing.error ? <ErrorAlert error={existing.error} onRetry={existing.reload} /> : <Loading />}
      </>
    );
  }
  return <Wizard key={existing.data?.id ?? 'new'} existing={existing.data} />;
}

type Phase = { kind: 'idle' } | { kind: 'saving'; publish: boolean } | { kind: 'publishing' };

function Wizard({ existing }: { existing: AssessmentView | undefined }) {
  const auth = useAuth();
  const toasts = useToasts();
  const welcome = useQuery().get('welcome') === '1';
  const [state, setState] = useState<WizardState>(() =>
    existing ? stateFromAssessment(existing) : initialWizardState(),
  );
  const [step, setStep] = useState(0);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<unknown>();
  const locked = new Set<string>(existing?.lockedFields ?? []);
  const isDraft = !existing || existing.status === 'draft';
  const canWrite = auth.can('assessments:write');

  const update = (changes: Partial<WizardState>) => {
    setState((current) => ({ ...current, ...changes }));
    setProblems({});
  };

  const goTo = (target: number) => {
    if (target > step) {
      for (let index = step; index < target; index += 1) {
        const found = validateStep(state, index);
        if (Object.keys(found).length > 0) {
          setProblems(found);
          setStep(index);
          return;
        }
      }
    }
    setProblems({});
    setStep(target);
  };

  const save = async (publish: boolean) => {
    const invalid = firstInvalidStep(state);
    if (invalid !== undefined) {
      setStep(invalid);
      setProblems(validateStep(state, invalid));
      return;
    }
    setError(undefined);
    setPhase({ kind: 'saving', publish });
    try {
      const saved = existing
        ? (await endpoints.assessments.update(existing.id, toUpdateBody(state, existing.lockedFields)))
            .assessment
        : (await endpoints.assessments.create(toCreateBody(state))).assessment;
      let result = saved;
      if (publish && saved.status === 'draft') {
        setPhase({ kind: 'publishing' });
        try {
          result = (await endpoints.assessments.publish(saved.id)).assessment;
        } catch (publishError) {
          // Saved but not published: go to the draft, which says why and offers Publish again.
          toasts.error(publishError, 'Saved as a draft, but not published');
          navigate(`/assessments/${saved.id}`);
          return;
        }
      }
      toasts.success(
        result.status === 'published' ? 'Assessment published' : existing ? 'Changes saved' : 'Draft saved',
        result.status === 'published' ? 'Invite candidates from this page.' : undefined,
      );
      navigate(`/assessments/${result.id}`);
    } catch (saveError) {
      setError(saveError);
      const fields = fieldErrors(saveError);
      const keys = Object.keys(fields);
      if (keys.length > 0) {
        setProblems(fields);
        setStep(Math.min(...keys.map(stepOfField)));
      }
    } finally {
      setPhase({ kind: 'idle' });
    }
  };

  const busy = phase.kind !== 'idle';
  const title = existing ? `Edit “${existing.title}”` : 'New assessment';
  return (
    <>
      <PageHeader
        title={title}
        breadcrumbs={
          <>
            <Link to="/assessments">Assessments</Link>
            {existing ? (
              <>
                {' / '}
                <Link to={`/assessments/${existing.id}`}>{existing.title}</Link>
              </>
            ) : null}
          </>
        }
      />
      {welcome && !existing ? (
        <Alert tone="success" title="Welcome to InterviewLM">
          Your organization is ready. Start with an assessment: what candidates are asked, in which languages,
          and how the AI assistant may help them.
        </Alert>
      ) : null}
      {!canWrite ? (
        <Alert tone="warning" title="Read-only">
          Your role cannot create or change assessments; ask an OWNER or ADMIN.
        </Alert>
      ) : null}
      {existing?.locked ? (
        <Alert tone="info" title="A candidate has started this assessment">
          Role, seniority, languages and the question plan are locked so every candidate gets the same test.
          Title, description, AI policy and integrity monitoring can still change, and the duration can only
          grow.
        </Alert>
      ) : null}
      <ol className="ui-steps" aria-label="Steps">
        {wizardSteps.map((label, index) => (
          <li key={label} aria-current={index === step ? 'step' : undefined} data-done={index < step}>
            <span className="ui-step-number">{index + 1}</span>
            <button
              type="button"
              className="ui-button ui-button-ghost ui-button-sm"
              onClick={() => goTo(index)}
              disabled={busy}
            >
              {label}
            </button>
          </li>
        ))}
      </ol>
      {error ? <ErrorAlert error={error} /> : null}
      <form
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (step < wizardSteps.length - 1) goTo(step + 1);
        }}
      >
        <Card title={wizardSteps[step]}>
          <fieldset className="ui-fieldset" disabled={busy || !canWrite} style={{ gap: 'var(--space-4)' }}>
            <legend className="sr-only">{wizardSteps[step]}</legend>
            {step === 0 ? (
              <BasicsStep
                state={state}
                update={update}
                problems={problems}
                locked={locked}
                existing={existing}
              />
            ) : null}
            {step === 1 ? (
              <QuestionsStep state={state} update={update} problems={problems} locked={locked} />
            ) : null}
            {step === 2 ? <PolicyStep state={state} update={update} /> : null}
            {step === 3 ? <ReviewStep state={state} /> : null}
          </fieldset>
        </Card>
        <div className="stack" style={{ marginTop: 'var(--space-4)' }}>
          {phase.kind === 'saving' ? (
            <Progress label={existing ? 'Saving the changes…' : 'Creating the assessment…'} />
          ) : null}
          {phase.kind === 'publishing' ? (
            <Progress label="Checking the question plan and publishing (questions are prepared for candidates)…" />
          ) : null}
          <div className="form-actions" style={{ justifyContent: 'space-between' }}>
            <Button onClick={() => goTo(step - 1)} disabled={step === 0 || busy}>
              Back
            </Button>
            <div className="row">
              {step < wizardSteps.length - 1 ? (
                <Button type="submit" variant="primary" disabled={busy}>
                  Next: {wizardSteps[step + 1]}
                </Button>
              ) : (
                <>
                  <Button
                    onClick={() => void save(false)}
                    disabled={busy || !canWrite}
                    loading={phase.kind === 'saving' && !phase.publish}
                  >
                    {existing ? 'Save changes' : 'Save as draft'}
                  </Button>
                  {isDraft ? (
                    <Button
                      variant="primary"
                      onClick={() => void save(true)}
                      disabled={busy || !canWrite}
                      loading={phase.kind === 'publishing' || (phase.kind === 'saving' && phase.publish)}
                    >
                      {existing ? 'Save and publish' : 'Create and publish'}
                    </Button>
                  ) : null}
                </>
              )}
            </div>
          </div>
        </div>
      </form>
    </>
  );
}

interface StepProps {
  state: WizardState;
  update: (changes: Partial<WizardState>) => void;
  problems: Record<string, string>;
  locked: Set<string>;
}

function BasicsStep({
  state,
  update,
  problems,
  locked,
  existing,
}: StepProps & { existing: AssessmentView | undefined }) {
  return (
    <>
      <Input
        label="Title"
        required
        maxLength={200}
        value={state.title}
        onChange={(event) => update({ title: event.target.value })}
        error={problems.title}
        placeholder="Backend engineer — take-home"
      />
      <Textarea
        label="Description"
        hint="Shown to candidates before they start. Markdown is fine."
        maxLength={20_000}
        value={state.description}
        onChange={(event) => update({ description: event.target.value })}
        error={problems.description}
      />
      <div className="form-grid">
        <Select
          label="Role"
          value={state.role}
          options={roleOptions}
          disabled={locked.has('role')}
          onChange={(event) => update({ role: event.target.value as WizardState['role'] })}
          error={problems.role}
        />
        <SeniorityField state={state} update={update} problems={problems} locked={locked} />
        <Input
          label="Duration (minutes)"
          type="number"
          inputMode="numeric"
          required
          min={existing?.locked ? existing.durationMinutes : MIN_DURATION}
          max={MAX_DURATION}
          value={state.durationMinutes}
          onChange={(event) => update({ durationMinutes: event.target.value })}
          error={problems.durationMinutes}
          hint={`From ${MIN_DURATION} to ${MAX_DURATION} minutes for the whole interview.`}
        />
      </div>
    </>
  );
}

function SeniorityField({ state, update, problems, locked }: StepProps) {
  const mix = defaultDifficultyMix[state.seniority];
  return (
    <Select
      label="Seniority"
      value={state.seniority}
      options={seniorityOptions.map((option) => ({
        value: option.value,
        label: `${option.label} (${formatMix(defaultDifficultyMix[option.value])})`,
      }))}
      disabled={locked.has('seniority')}
      onChange={(event) => {
        const seniority = event.target.value as WizardState['seniority'];
        // Keep the rest of the form; reset a mix that follows the default.
        update(withSeniority(state, seniority));
      }}
      error={problems.seniority}
      hint={`Default difficulty mix, easy / medium / hard: ${formatMix(mix)} %.`}
    />
  );
}

function MixBar({ mix }: { mix: { easy: number; medium: number; hard: number } }) {
  const percents = mixToPercents(mix);
  return (
    <div className="stack-sm">
      <div
        className="meter"
        role="img"
        aria-label={`Easy ${percents.easy}%, medium ${percents.medium}%, hard ${percents.hard}%`}
      >
        <span className="mix-easy" style={{ width: `${percents.easy}%` }} />
        <span className="mix-medium" style={{ width: `${percents.medium}%` }} />
        <span className="mix-hard" style={{ width: `${percents.hard}%` }} />
      </div>
      <div className="row small">
        <span>
          <span className="legend-dot mix-easy" aria-hidden="true" />
          Easy {percents.easy}%
        </span>
        <span>
          <span className="legend-dot mix-medium" aria-hidden="true" />
          Medium {percents.medium}%
        </span>
        <span>
          <span className="legend-dot mix-hard" aria-hidden="true" />
          Hard {percents.hard}%
        </span>
      </div>
    </div>
  );
}

function QuestionsStep({ state, update, problems, locked }: StepProps) {
  const planLocked = locked.has('questionPlan');
  const mix = effectiveMix(state);
  const count = Number(state.count);
  const counts = Number.isInteger(count) && count > 0 ? expectedCounts(mix, count) : undefined;
  const seeds = useResource(() => endpoints.seeds.list({ limit: 100 }), [], {
    enabled: state.source === 'seed',
  });
  const toggleLanguage = (language: ProgrammingLanguage, on: boolean) =>
    update({
      languages: on
        ? [...new Set([...state.languages, language])]
        : state.languages.filter((value) => value !== language),
    });

  return (
    <>
      <fieldset className="ui-fieldset" disabled={locked.has('languages')}>
        <legend>Languages the candidate may choose</legend>
        <div className="row">
          {languageOptions.map((option) => (
            <Checkbox
              key={option.value}
              label={option.label}
              checked={state.languages.includes(option.value)}
              onChange={(event) => toggleLanguage(option.value, event.target.checked)}
            />
          ))}
        </div>
        {problems.languages ? (
          <span className="ui-field-error" role="alert">
            {problems.languages}
          </span>
        ) : null}
      </fieldset>
      <fieldset className="ui-fieldset" disabled={planLocked} style={{ gap: 'var(--space-4)' }}>
        <legend>Question plan</legend>
        <div className="form-grid">
          <Input
            label="Number of questions"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_QUESTIONS}
            required
            value={state.count}
            onChange={(event) => update({ count: event.target.value })}
            error={problems['questionPlan.count']}
          />
          <div className="ui-field">
            <span className="ui-label">Adaptive difficulty</span>
            <Checkbox
              label="Adapt to the candidate"
              description="The next question gets harder or easier with each answer."
              checked={state.adaptive}
              onChange={(event) => update({ adaptive: event.target.checked })}
            />
          </div>
        </div>
        <div className="stack-sm">
          <span className="ui-label">Difficulty mix (easy / medium / hard)</span>
          <MixBar mix={mix} />
          <span className="ui-hint">
            {state.customMix
              ? 'Custom mix.'
              : `The default for a ${state.seniority} role: ${formatMix(defaultDifficultyMix[state.seniority])} %.`}
            {counts
              ? ` With ${count} question${count === 1 ? '' : 's'}: ${counts.easy} easy, ${counts.medium} medium, ${counts.hard} hard.`
              : ''}
          </span>
          <Checkbox
            label="Customize the mix"
            checked={state.customMix}
            onChange={(event) => update({ customMix: event.target.checked })}
          />
          {state.customMix ? (
            <div className="form-grid">
              {(['easy', 'medium', 'hard'] as const).map((level) => (
                <Input
                  key={level}
                  label={`${humanize(level)} (%)`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={100}
                  value={state.mixPercents[level]}
                  onChange={(event) =>
                    update({ mixPercents: { ...state.mixPercents, [level]: event.target.value } })
                  }
                />
              ))}
            </div>
          ) : null}
          {problems['questionPlan.difficultyMix'] ? (
            <span className="ui-field-error" role="alert">
              {problems['questionPlan.difficultyMix']}
            </span>
          ) : null}
        </div>
        <ChoiceGroup
          legend="Where questions come from"
          name="source"
          value={state.source}
          options={questionSourceOptions}
          onChange={(source) => update({ source })}
        />
        {state.source === 'seed' ? (
          <fieldset className="ui-fieldset">
            <legend>Your problem seeds (in the order candidates get them)</legend>
            {seeds.error ? <ErrorAlert error={seeds.error} onRetry={seeds.reload} /> : null}
            {!seeds.data && seeds.loading ? <Loading /> : null}
            {seeds.data && seeds.data.seeds.length === 0 ? (
              <Alert tone="warning" title="Your organization has no problem seeds yet">
                Add them through the API (POST /api/seeds, see /docs), or choose the curated bank.
              </Alert>
            ) : null}
            {seeds.data?.seeds.map((seed) => (
              <Checkbox
                key={seed.id}
                label={seed.title}
                description={`${humanize(seed.difficulty)} · ${seed.languages.map(languageLabel).join(', ')}`}
                checked={state.seedIds.includes(seed.id)}
                onChange={(event) =>
                  update({
                    seedIds: event.target.checked
                      ? [...state.seedIds, seed.id]
                      : state.seedIds.filter((selected) => selected !== seed.id),
                  })
                }
              />
            ))}
            {problems['questionPlan.seedIds'] ? (
              <span className="ui-field-error" role="alert">
                {problems['questionPlan.seedIds']}
              </span>
            ) : null}
          </fieldset>
        ) : null}
        <Input
          label="Topics (optional)"
          hint="Comma-separated, e.g. arrays, graphs, dynamic programming. Questions are chosen among these topics."
          value={state.topics}
          onChange={(event) => update({ topics: event.target.value })}
          error={problems['questionPlan.topics']}
        />
      </fieldset>
    </>
  );
}

function PolicyStep({ state, update }: Pick<StepProps, 'state' | 'update'>) {
  return (
    <>
      <ChoiceGroup
        legend="AI assistant"
        name="aiPolicy"
        value={state.aiPolicy}
        options={aiPolicyOptions}
        onChange={(aiPolicy) => update({ aiPolicy })}
        hint="Candidates see the policy before they start. How they work with the AI is part of the evaluation."
      />
      <Checkbox
        label="Integrity monitoring"
        description="Record large pastes, focus changes and typing cadence, and compare code between candidates. Candidates are told; it is never an automatic rejection."
        checked={state.integrityMonitoring}
        onChange={(event) => update({ integrityMonitoring: event.target.checked })}
      />
    </>
  );
}

function ReviewStep({ state }: { state: WizardState }) {
  const mix = effectiveMix(state);
  const count = Number(state.count);
  const counts = expectedCounts(mix, count);
  return (
    <dl className="definition-list">
      <dt>Title</dt>
      <dd>{state.title || '—'}</dd>
      <dt>Role</dt>
      <dd>{roleOptions.find((option) => option.value === state.role)?.label}</dd>
      <dt>Seniority</dt>
      <dd>{seniorityOptions.find((option) => option.value === state.seniority)?.label}</dd>
      <dt>Duration</dt>
      <dd>{state.durationMinutes} minutes</dd>
      <dt>Languages</dt>
      <dd>{state.languages.map(languageLabel).join(', ') || '—'}</dd>
      <dt>Questions</dt>
      <dd>
        {count} ({counts.easy} easy, {counts.medium} medium, {counts.hard} hard)
        {state.adaptive ? ', adaptive' : ''}
      </dd>
      <dt>Difficulty mix</dt>
      <dd>
        {formatMix(mix)} % {state.customMix ? '(custom)' : '(default for the seniority)'}
      </dd>
      <dt>Source</dt>
      <dd>
        {questionSourceOptions.find((option) => option.value === state.source)?.label}
        {state.source === 'seed'
          ? ` (${state.seedIds.length} seed${state.seedIds.length === 1 ? '' : 's'})`
          : ''}
      </dd>
      <dt>AI assistant</dt>
      <dd>{aiPolicyOptions.find((option) => option.value === state.aiPolicy)?.label}</dd>
      <dt>Integrity monitoring</dt>
      <dd>{state.integrityMonitoring ? 'On' : 'Off'}</dd>
    </dl>
  );
}
