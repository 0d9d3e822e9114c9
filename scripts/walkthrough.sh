#!/usr/bin/env bash
# The recruiter's golden path against a running platform, with curl and a cookie jar, the way a
# new user would try it: sign up → create an assessment → publish it → invite two candidates →
# read both invitations in the development outbox as the operator (each with a link that opens
# that candidate's interview) → the credit balance went down by exactly two.
# test/golden/recruiter-path.int.test.ts checks the same path in CI.
#
# Usage: npm start            (in another terminal; without SMTP_URL, so emails stay in the outbox)
#        scripts/walkthrough.sh
# Environment: BASE_URL (default http://localhost:3000); OPERATOR_TOKEN, else read from
# DATA_DIR/secrets.json (DATA_DIR default: .data of this repository), where `npm start` keeps it.
# Needs curl and node. Exits non-zero at the first step that does not answer as expected.
set -euo pipefail

BASE_URL="${BASE_URL:-http://localhost:3000}"
BASE_URL="${BASE_URL%/}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${DATA_DIR:-$REPO_ROOT/.data}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
JAR="$WORK/cookies.txt"
OUT="$WORK/body.json"
CSRF=""
BODY=""

step() { printf '\n==> %s\n' "$*"; }
ok() { printf '    %s\n' "$*"; }
fail() {
  printf '\nFAILED: %s\n' "$*" >&2
  exit 1
}

# json EXPR: evaluates EXPR (JavaScript, the parsed $BODY is `j`) and prints it; strings raw,
# anything else as JSON. Fails when the value is undefined or null.
json() {
  printf '%s' "$BODY" | node -e '
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
      const j = JSON.parse(text);
      const value = new Function("j", `return (${process.argv[1]});`)(j);
      if (value === undefined || value === null) process.exit(3);
      process.stdout.write(typeof value === "string" ? value : JSON.stringify(value));
    });' "$1" || fail "no $1 in: $BODY"
}

# call METHOD PATH EXPECTED_STATUS [JSON_BODY] [more curl arguments]: the answer lands in $BODY.
# Sends the session cookie, and on mutations the CSRF token, as a browser would.
call() {
  local method=$1 path=$2 expected=$3 data=${4:-}
  shift 3
  if [ $# -gt 0 ]; then shift; fi
  local args=(-sS -X "$method" -b "$JAR" -c "$JAR" -o "$OUT" -w '%{http_code}')
  if [ -n "$CSRF" ] && [ "$method" != GET ]; then args+=(-H "X-CSRF-Token: $CSRF"); fi
  if [ -n "$data" ]; then args+=(-H 'Content-Type: application/json' --data "$data"); fi
  local status
  status="$(curl "${args[@]}" "$@" "$BASE_URL$path")" ||
    fail "$method $path: no answer from $BASE_URL (is \`npm start\` running? set BASE_URL otherwise)"
  BODY="$(cat "$OUT")"
  [ "$status" = "$expected" ] || fail "$method $path answered $status, expected $expected: $BODY"
}

if [ -z "${OPERATOR_TOKEN:-}" ]; then
  [ -r "$DATA_DIR/secrets.json" ] ||
    fail "OPERATOR_TOKEN is not set and $DATA_DIR/secrets.json is not readable (set OPERATOR_TOKEN or DATA_DIR)"
  OPERATOR_TOKEN="$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).OPERATOR_TOKEN ?? "")' "$DATA_DIR/secrets.json")"
  [ -n "$OPERATOR_TOKEN" ] || fail "$DATA_DIR/secrets.json holds no OPERATOR_TOKEN"
fi

RUN="$(date +%s)-$RANDOM"

step "The platform answers at $BASE_URL"
call GET / 200
ok "$(json 'j.name') $(json 'j.version')"

step "Sign up (you become the OWNER of a new organization)"
EMAIL="recruiter-$RUN@example.test"
call POST /api/auth/signup 201 "{\"email\":\"$EMAIL\",\"password\":\"walkthrough-$RUN-password\",\"name\":\"Rita Recruiter\",\"organizationName\":\"Walkthrough $RUN\"}"
CSRF="$(json 'j.csrfToken')"
ORGANIZATION_ID="$(json 'j.organization.id')"
grep -q ilm_session "$JAR" || fail "sign-up set no session cookie"
ok "signed in as $EMAIL, organization $ORGANIZATION_ID"

step "Credit balance before inviting"
call GET /api/credits 200
BALANCE_BEFORE="$(json 'j.balance')"
ok "$BALANCE_BEFORE credits"
[ "$BALANCE_BEFORE" -ge 2 ] || fail "two invitations need 2 credits, the organization has $BALANCE_BEFORE (TRIAL_CREDITS)"

step "Create an assessment (a draft)"
call POST /api/assessments 201 '{"title":"Backend engineer (walkthrough)","role":"backend","seniority":"mid","durationMinutes":60,"languages":["python"]}'
ASSESSMENT_ID="$(json 'j.assessment.id')"
ok "assessment $ASSESSMENT_ID is $(json 'j.assessment.status')"

step "Publish it"
call POST "/api/assessments/$ASSESSMENT_ID/publish" 200 '{}'
[ "$(json 'j.assessment.status')" = published ] || fail "the assessment is not published: $BODY"
ok "published"

step "Invite two candidates (one credit each)"
ADA="ada-$RUN@example.test"
ALAN="alan-$RUN@example.test"
call POST "/api/assessments/$ASSESSMENT_ID/candidates" 201 "{\"candidates\":[{\"name\":\"Ada Candidate\",\"email\":\"$ADA\"},{\"name\":\"Alan Candidate\",\"email\":\"$ALAN\"}]}"
[ "$(json 'j.summary.invited')" = 2 ] || fail "expected 2 invited: $BODY"
INVITED="$BODY"
ok "invited $ADA and $ALAN; $(json 'j.credits.balance') credits left"

step "Read the invitations in the development outbox, as the operator"
OUTBOX_STATUS="$(curl -sS -o "$OUT" -w '%{http_code}' -H "Authorization: Bearer $OPERATOR_TOKEN" "$BASE_URL/api/admin/outbox?limit=200")" ||
  fail "GET /api/admin/outbox: no answer"
BODY="$(cat "$OUT")"
[ "$OUTBOX_STATUS" = 200 ] || fail "GET /api/admin/outbox answered $OUTBOX_STATUS (wrong OPERATOR_TOKEN?): $BODY"
OUTBOX="$BODY"
COUNT="$(json "j.messages.filter((m) => m.organizationId === '$ORGANIZATION_ID').length")"
[ "$COUNT" = 2 ] || fail "expected 2 emails for the organization in the outbox, found $COUNT (is SMTP_URL set? then they were sent, not kept)"
for CANDIDATE in "$ADA" "$ALAN"; do
  BODY="$OUTBOX"
  TEXT="$(json "j.messages.find((m) => m.to === '$CANDIDATE' && m.organizationId === '$ORGANIZATION_ID').text")"
  LINK="$(printf '%s\n' "$TEXT" | grep -oE 'https?://[^[:space:]]+/interview/[A-Za-z0-9_-]{43}' | head -n 1)" ||
    fail "no interview link in the email to $CANDIDATE: $TEXT"
  BODY="$INVITED"
  [ "$LINK" = "$(json "j.invited.find((c) => c.email === '$CANDIDATE').invitationLink")" ] ||
    fail "the link emailed to $CANDIDATE is not the one the invitation returned"
  NAME="$(json "j.invited.find((c) => c.email === '$CANDIDATE').name")"
  TOKEN="${LINK##*/}"
  ok "email to $CANDIDATE with link $LINK"
  # The candidate side: the link's token opens this candidate's interview (intro page, nothing starts).
  INTRO_STATUS="$(curl -sS -o "$OUT" -w '%{http_code}' "$BASE_URL/api/interview/start/$TOKEN")" ||
    fail "GET /api/interview/start/<token>: no answer"
  BODY="$(cat "$OUT")"
  if [ "$INTRO_STATUS" = 200 ]; then
    [ "$(json 'j.candidate.name')" = "$NAME" ] || fail "the link of $CANDIDATE opens someone else's interview: $BODY"
    ok "the link opens \"$(json 'j.assessment.title')\" for $NAME"
  elif [ "$INTRO_STATUS" = 404 ] && printf '%s' "$BODY" | grep -q 'No route'; then
    ok "(this version serves no candidate intro page yet; the link matches the invitation)"
  else
    fail "the link of $CANDIDATE does not open: GET /api/interview/start/<token> answered $INTRO_STATUS: $BODY"
  fi
done

step "Credit balance after inviting"
call GET /api/credits 200
BALANCE_AFTER="$(json 'j.balance')"
[ "$BALANCE_AFTER" -eq $((BALANCE_BEFORE - 2)) ] ||
  fail "the balance went from $BALANCE_BEFORE to $BALANCE_AFTER, expected $((BALANCE_BEFORE - 2))"
ok "$BALANCE_BEFORE → $BALANCE_AFTER credits: exactly two spent"

printf '\nWalkthrough passed.\n'
