/** The invitation email a candidate receives: plain text and an equivalent HTML version. Pure. */

const aiPolicyText: Record<string, string> = {
  off: 'no AI assistant is available',
  consultant: 'an AI assistant answers questions but does not write code for you',
  pair_programming: 'an AI pair-programmer works beside you and may edit your code when you ask',
  full_copilot: 'an AI assistant with full access to your workspace is available',
};

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** "Monday, 5 January 2026 at 14:00 UTC": unambiguous wherever the candidate lives. */
function formatDeadline(date: Date): string {
  return `${new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(date)} UTC`;
}

/** Composes the invitation for one candidate. */
export function invitationEmail(input: {
  candidateName: string;
  organizationName: string;
  assessmentTitle: string;
  durationMinutes: number;
  aiPolicy: string;
  link: string;
  expiresAt: Date;
  message?: string | undefined;
}): { subject: string; text: string; html: string } {
  const deadline = formatDeadline(input.expiresAt);
  const ai = aiPolicyText[input.aiPolicy] ?? 'the AI assistant settings are shown before you start';
  const subject = `${input.organizationName} invites you to a coding interview: ${input.assessmentTitle}`
    .replace(/[\r\n\t]+/g, ' ')
    .slice(0, 250);
  const note = input.message?.trim();
  const text = [
    `Hello ${input.candidateName},`,
    '',
    `${input.organizationName} invites you to "${input.assessmentTitle}", a ${input.durationMinutes}-minute coding interview in your browser.`,
    ...(note ? ['', `A note from ${input.organizationName}:`, note] : []),
    '',
    `Start here (this link is personal; do not share it):`,
    input.link,
    '',
    `The link works until ${deadline}. Once you start, the timer runs for ${input.durationMinutes} minutes; ${ai}.`,
    'Your work in the session (code, test runs and AI conversation) is recorded for the evaluation. You will be asked for consent before you start.',
    '',
    'Good luck!',
  ].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(input.candidateName)},</p>`,
    `<p>${escapeHtml(input.organizationName)} invites you to <strong>${escapeHtml(input.assessmentTitle)}</strong>, a ${input.durationMinutes}-minute coding interview in your browser.</p>`,
    ...(note
      ? [
          `<p>A note from ${escapeHtml(input.organizationName)}:</p><blockquote>${escapeHtml(note).replace(/\n/g, '<br>')}</blockquote>`,
        ]
      : []),
    `<p><a href="${escapeHtml(input.link)}">Start the interview</a> (this link is personal; do not share it)</p>`,
    `<p>The link works until ${escapeHtml(deadline)}. Once you start, the timer runs for ${input.durationMinutes} minutes; ${escapeHtml(ai)}.</p>`,
    '<p>Your work in the session (code, test runs and AI conversation) is recorded for the evaluation. You will be asked for consent before you start.</p>',
    '<p>Good luck!</p>',
  ].join('\n');
  return { subject, text, html };
}
