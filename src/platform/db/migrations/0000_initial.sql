CREATE TYPE "public"."actor_kind" AS ENUM('user', 'api_key', 'candidate', 'system', 'cli');--> statement-breakpoint
CREATE TYPE "public"."ai_message_role" AS ENUM('user', 'assistant', 'tool', 'system');--> statement-breakpoint
CREATE TYPE "public"."ai_policy" AS ENUM('off', 'consultant', 'pair_programming', 'full_copilot');--> statement-breakpoint
CREATE TYPE "public"."alert_channel_kind" AS ENUM('webhook', 'slack', 'pagerduty');--> statement-breakpoint
CREATE TYPE "public"."alert_delivery_status" AS ENUM('pending', 'sent', 'failed', 'suppressed');--> statement-breakpoint
CREATE TYPE "public"."assessment_role" AS ENUM('backend', 'frontend', 'fullstack', 'data', 'ml', 'custom');--> statement-breakpoint
CREATE TYPE "public"."assessment_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."candidate_status" AS ENUM('INVITED', 'IN_PROGRESS', 'COMPLETED', 'EVALUATED', 'ADVANCED', 'REJECTED', 'HIRED');--> statement-breakpoint
CREATE TYPE "public"."credit_ledger_kind" AS ENUM('purchase', 'deduction', 'refund', 'adjustment');--> statement-breakpoint
CREATE TYPE "public"."dead_letter_status" AS ENUM('dead', 'retried', 'discarded');--> statement-breakpoint
CREATE TYPE "public"."difficulty" AS ENUM('easy', 'medium', 'hard');--> statement-breakpoint
CREATE TYPE "public"."email_status" AS ENUM('pending', 'sent', 'failed', 'dev_outbox');--> statement-breakpoint
CREATE TYPE "public"."evaluation_status" AS ENUM('pending', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."event_origin" AS ENUM('candidate', 'assistant', 'system');--> statement-breakpoint
CREATE TYPE "public"."interview_session_status" AS ENUM('active', 'completed', 'expired', 'abandoned');--> statement-breakpoint
CREATE TYPE "public"."llm_call_outcome" AS ENUM('ok', 'error', 'timeout', 'rate_limited', 'circuit_open', 'cancelled', 'offline');--> statement-breakpoint
CREATE TYPE "public"."membership_role" AS ENUM('OWNER', 'ADMIN', 'RECRUITER', 'VIEWER');--> statement-breakpoint
CREATE TYPE "public"."organization_plan" AS ENUM('free', 'pro', 'enterprise');--> statement-breakpoint
CREATE TYPE "public"."programming_language" AS ENUM('python', 'javascript', 'typescript');--> statement-breakpoint
CREATE TYPE "public"."question_source" AS ENUM('bank', 'generated', 'seed');--> statement-breakpoint
CREATE TYPE "public"."recommendation" AS ENUM('strong_hire', 'hire', 'no_hire', 'strong_no_hire', 'needs_review');--> statement-breakpoint
CREATE TYPE "public"."seniority" AS ENUM('junior', 'mid', 'senior', 'staff', 'principal');--> statement-breakpoint
CREATE TYPE "public"."test_run_kind" AS ENUM('visible', 'hidden', 'adhoc');--> statement-breakpoint
CREATE TYPE "public"."test_run_status" AS ENUM('ok', 'compile_error', 'runtime_error', 'timeout', 'memory_limit', 'output_limit', 'internal_error');--> statement-breakpoint
CREATE TYPE "public"."webhook_event_status" AS ENUM('received', 'processed', 'ignored', 'failed');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by_user_id" uuid,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_verification_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid,
	"token_hash" text NOT NULL,
	"csrf_token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" "membership_role" NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by_user_id" uuid,
	"revoked_at" timestamp with time zone,
	"invited_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_invitations_email_lowercase" CHECK ("member_invitations"."email" = lower("member_invitations"."email"))
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "membership_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"plan" "organization_plan" DEFAULT 'free' NOT NULL,
	"credit_balance" integer DEFAULT 0 NOT NULL,
	"scoring_weights" jsonb,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_credit_balance_non_negative" CHECK ("organizations"."credit_balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "password_reset_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"is_platform_admin" boolean DEFAULT false NOT NULL,
	"email_verified_at" timestamp with time zone,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_lowercase" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "assessment_seeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"seed_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"role" "assessment_role" NOT NULL,
	"seniority" "seniority" NOT NULL,
	"duration_minutes" integer NOT NULL,
	"languages" "programming_language"[] NOT NULL,
	"status" "assessment_status" DEFAULT 'draft' NOT NULL,
	"ai_policy" "ai_policy" DEFAULT 'pair_programming' NOT NULL,
	"integrity_monitoring" boolean DEFAULT true NOT NULL,
	"difficulty_mix" jsonb NOT NULL,
	"question_count" integer NOT NULL,
	"question_source" "question_source" DEFAULT 'bank' NOT NULL,
	"adaptive" boolean DEFAULT true NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by_user_id" uuid,
	"published_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"locked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessments_duration_positive" CHECK ("assessments"."duration_minutes" > 0),
	CONSTRAINT "assessments_question_count_positive" CHECK ("assessments"."question_count" > 0),
	CONSTRAINT "assessments_languages_not_empty" CHECK (cardinality("assessments"."languages") > 0)
);
--> statement-breakpoint
CREATE TABLE "credit_ledger_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "credit_ledger_kind" NOT NULL,
	"amount" integer NOT NULL,
	"balance_after" integer NOT NULL,
	"reason" text NOT NULL,
	"reference" text,
	"actor_kind" "actor_kind" NOT NULL,
	"actor_user_id" uuid,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_ledger_entries_balance_non_negative" CHECK ("credit_ledger_entries"."balance_after" >= 0),
	CONSTRAINT "credit_ledger_entries_amount_sign" CHECK (("credit_ledger_entries"."kind" IN ('purchase', 'refund') AND "credit_ledger_entries"."amount" > 0) OR ("credit_ledger_entries"."kind" = 'deduction' AND "credit_ledger_entries"."amount" < 0) OR ("credit_ledger_entries"."kind" = 'adjustment' AND "credit_ledger_entries"."amount" <> 0))
);
--> statement-breakpoint
CREATE TABLE "credit_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"credits" integer NOT NULL,
	"paddle_price_id" text,
	"price_cents" integer,
	"currency" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_packages_credits_positive" CHECK ("credit_packages"."credits" > 0)
);
--> statement-breakpoint
CREATE TABLE "candidate_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"candidate_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"send_count" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "candidate_status_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"candidate_id" uuid NOT NULL,
	"from_status" "candidate_status",
	"to_status" "candidate_status" NOT NULL,
	"actor_kind" "actor_kind" NOT NULL,
	"actor_user_id" uuid,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"status" "candidate_status" DEFAULT 'INVITED' NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "candidates_email_lowercase" CHECK ("candidates"."email" = lower("candidates"."email"))
);
--> statement-breakpoint
CREATE TABLE "code_fingerprints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"language" "programming_language" NOT NULL,
	"fingerprints" jsonb NOT NULL,
	"normalized_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"scoring_version" text NOT NULL,
	"status" "evaluation_status" DEFAULT 'pending' NOT NULL,
	"overall" double precision,
	"confidence" double precision,
	"recommendation" "recommendation",
	"dimensions" jsonb,
	"integrity" jsonb,
	"ability" jsonb,
	"llm" jsonb,
	"weights" jsonb NOT NULL,
	"details" jsonb,
	"error" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluations_completed_has_result" CHECK ("evaluations"."status" <> 'completed' OR ("evaluations"."overall" IS NOT NULL AND "evaluations"."confidence" IS NOT NULL AND "evaluations"."recommendation" IS NOT NULL AND "evaluations"."dimensions" IS NOT NULL)),
	CONSTRAINT "evaluations_overall_range" CHECK ("evaluations"."overall" IS NULL OR ("evaluations"."overall" >= 0 AND "evaluations"."overall" <= 100)),
	CONSTRAINT "evaluations_confidence_range" CHECK ("evaluations"."confidence" IS NULL OR ("evaluations"."confidence" >= 0 AND "evaluations"."confidence" <= 1))
);
--> statement-breakpoint
CREATE TABLE "report_share_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"evaluation_id" uuid,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_accessed_at" timestamp with time zone,
	"access_count" integer DEFAULT 0 NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_states" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_processed_event_seq" bigint DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_interactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"turn_index" integer NOT NULL,
	"role" "ai_message_role" NOT NULL,
	"content" text NOT NULL,
	"tool_calls" jsonb,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"latency_ms" integer,
	"cost_usd" numeric(12, 6) DEFAULT 0 NOT NULL,
	"provider" text,
	"model" text,
	"stop_reason" text,
	"event_seq" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "file_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"question_id" uuid,
	"event_seq" bigint NOT NULL,
	"reason" text NOT NULL,
	"files" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interview_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"status" "interview_session_status" DEFAULT 'active' NOT NULL,
	"language" "programming_language" NOT NULL,
	"credential_hash" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"current_question_id" uuid,
	"question_index" integer DEFAULT 0 NOT NULL,
	"theta" double precision DEFAULT 0 NOT NULL,
	"theta_se" double precision DEFAULT 1 NOT NULL,
	"last_event_seq" bigint DEFAULT 0 NOT NULL,
	"ai_tokens_used" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interview_sessions_ended_has_completed_at" CHECK ("interview_sessions"."status" = 'active' OR "interview_sessions"."completed_at" IS NOT NULL),
	CONSTRAINT "interview_sessions_deadline_after_start" CHECK ("interview_sessions"."deadline_at" > "interview_sessions"."started_at"),
	CONSTRAINT "interview_sessions_last_event_seq_non_negative" CHECK ("interview_sessions"."last_event_seq" >= 0)
);
--> statement-breakpoint
CREATE TABLE "session_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"client_seq" bigint,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"origin" "event_origin" DEFAULT 'candidate' NOT NULL,
	"question_id" uuid,
	"file_path" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_events_session_id_seq_key" UNIQUE("session_id","seq"),
	CONSTRAINT "session_events_seq_positive" CHECK ("session_events"."seq" > 0)
);
--> statement-breakpoint
CREATE TABLE "session_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"score" double precision,
	"auto_submitted" boolean DEFAULT false NOT NULL,
	"hidden_run_id" uuid,
	CONSTRAINT "session_questions_score_range" CHECK ("session_questions"."score" IS NULL OR ("session_questions"."score" >= 0 AND "session_questions"."score" <= 1))
);
--> statement-breakpoint
CREATE TABLE "test_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"test_case_id" uuid,
	"test_name" text NOT NULL,
	"passed" boolean NOT NULL,
	"output" text,
	"error" text,
	"duration_ms" double precision DEFAULT 0 NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"session_id" uuid,
	"question_id" uuid,
	"language" "programming_language" NOT NULL,
	"kind" "test_run_kind" NOT NULL,
	"status" "test_run_status" NOT NULL,
	"origin" "event_origin" DEFAULT 'candidate' NOT NULL,
	"passed" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"stdout" text DEFAULT '' NOT NULL,
	"stderr" text DEFAULT '' NOT NULL,
	"duration_ms" integer NOT NULL,
	"event_seq" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_runs_counts_consistent" CHECK ("test_runs"."passed" >= 0 AND "test_runs"."failed" >= 0 AND "test_runs"."passed" + "test_runs"."failed" <= "test_runs"."total")
);
--> statement-breakpoint
CREATE TABLE "workspace_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"path" text NOT NULL,
	"content" text NOT NULL,
	"last_event_seq" bigint,
	"last_modified_by" "event_origin" DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"name" text NOT NULL,
	"kind" "alert_channel_kind" NOT NULL,
	"url" text NOT NULL,
	"secret" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" "alert_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"payload" jsonb NOT NULL,
	"error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"actor_kind" "actor_kind" NOT NULL,
	"actor_user_id" uuid,
	"actor_api_key_id" uuid,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dead_letter_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"queue" text NOT NULL,
	"job_id" text NOT NULL,
	"name" text NOT NULL,
	"data" jsonb NOT NULL,
	"error" jsonb NOT NULL,
	"attempts_made" integer NOT NULL,
	"failed_at" timestamp with time zone NOT NULL,
	"fingerprint" text NOT NULL,
	"status" "dead_letter_status" DEFAULT 'dead' NOT NULL,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"last_retried_at" timestamp with time zone,
	"resolved_by_user_id" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"session_id" uuid,
	"purpose" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"cost_usd" numeric(12, 6) DEFAULT 0 NOT NULL,
	"latency_ms" integer NOT NULL,
	"outcome" "llm_call_outcome" NOT NULL,
	"request_id" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metrics_samples" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "metrics_samples_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"value" double precision NOT NULL,
	"sampled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text,
	"template" text NOT NULL,
	"status" "email_status" DEFAULT 'pending' NOT NULL,
	"dedupe_key" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"provider_message_id" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"queue" text NOT NULL,
	"job_name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "webhook_event_status" DEFAULT 'received' NOT NULL,
	"error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "problem_seeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"difficulty" "difficulty" NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" "programming_language"[] NOT NULL,
	"starters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tests" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rubric" jsonb,
	"created_by_user_id" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "problem_seeds_languages_not_empty" CHECK (cardinality("problem_seeds"."languages") > 0)
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"difficulty" "difficulty" NOT NULL,
	"language" "programming_language" NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"estimated_minutes" integer NOT NULL,
	"entry_point" text NOT NULL,
	"starter_files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reference_solution" text NOT NULL,
	"rubric" jsonb,
	"irt_a" double precision DEFAULT 1 NOT NULL,
	"irt_b" double precision NOT NULL,
	"source" "question_source" NOT NULL,
	"seed_id" uuid,
	"bank_key" text,
	"generation" jsonb,
	"content_hash" text NOT NULL,
	"created_by_user_id" uuid,
	"validated_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questions_bank_has_key" CHECK ("questions"."source" <> 'bank' OR "questions"."bank_key" IS NOT NULL),
	CONSTRAINT "questions_irt_a_positive" CHECK ("questions"."irt_a" > 0),
	CONSTRAINT "questions_estimated_minutes_positive" CHECK ("questions"."estimated_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "test_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"question_id" uuid NOT NULL,
	"name" text NOT NULL,
	"args" jsonb NOT NULL,
	"expected" jsonb,
	"hidden" boolean DEFAULT false NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	"timeout_ms" integer,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_cases_args_is_array" CHECK (jsonb_typeof("test_cases"."args") = 'array'),
	CONSTRAINT "test_cases_weight_positive" CHECK ("test_cases"."weight" > 0),
	CONSTRAINT "test_cases_timeout_positive" CHECK ("test_cases"."timeout_ms" IS NULL OR "test_cases"."timeout_ms" > 0)
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_verification_tokens" ADD CONSTRAINT "email_verification_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "login_sessions" ADD CONSTRAINT "login_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "login_sessions" ADD CONSTRAINT "login_sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_accepted_by_user_id_users_id_fk" FOREIGN KEY ("accepted_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_invited_by_user_id_users_id_fk" FOREIGN KEY ("invited_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_seeds" ADD CONSTRAINT "assessment_seeds_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_seeds" ADD CONSTRAINT "assessment_seeds_seed_id_problem_seeds_id_fk" FOREIGN KEY ("seed_id") REFERENCES "public"."problem_seeds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ledger_entries" ADD CONSTRAINT "credit_ledger_entries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ledger_entries" ADD CONSTRAINT "credit_ledger_entries_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidate_invitations" ADD CONSTRAINT "candidate_invitations_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidate_invitations" ADD CONSTRAINT "candidate_invitations_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidate_status_history" ADD CONSTRAINT "candidate_status_history_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidate_status_history" ADD CONSTRAINT "candidate_status_history_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidates" ADD CONSTRAINT "candidates_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_fingerprints" ADD CONSTRAINT "code_fingerprints_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_fingerprints" ADD CONSTRAINT "code_fingerprints_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_fingerprints" ADD CONSTRAINT "code_fingerprints_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_share_links" ADD CONSTRAINT "report_share_links_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_share_links" ADD CONSTRAINT "report_share_links_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_share_links" ADD CONSTRAINT "report_share_links_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_share_links" ADD CONSTRAINT "report_share_links_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_states" ADD CONSTRAINT "agent_states_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_interactions" ADD CONSTRAINT "ai_interactions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_interactions" ADD CONSTRAINT "ai_interactions_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_interactions" ADD CONSTRAINT "ai_interactions_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_snapshots" ADD CONSTRAINT "file_snapshots_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_snapshots" ADD CONSTRAINT "file_snapshots_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_sessions" ADD CONSTRAINT "interview_sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_sessions" ADD CONSTRAINT "interview_sessions_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_sessions" ADD CONSTRAINT "interview_sessions_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_sessions" ADD CONSTRAINT "interview_sessions_current_question_id_questions_id_fk" FOREIGN KEY ("current_question_id") REFERENCES "public"."questions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_events" ADD CONSTRAINT "session_events_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_questions" ADD CONSTRAINT "session_questions_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_questions" ADD CONSTRAINT "session_questions_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_questions" ADD CONSTRAINT "session_questions_hidden_run_id_test_runs_id_fk" FOREIGN KEY ("hidden_run_id") REFERENCES "public"."test_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_results" ADD CONSTRAINT "test_results_run_id_test_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."test_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_results" ADD CONSTRAINT "test_results_test_case_id_test_cases_id_fk" FOREIGN KEY ("test_case_id") REFERENCES "public"."test_cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_files" ADD CONSTRAINT "workspace_files_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_channels" ADD CONSTRAINT "alert_channels_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_channels" ADD CONSTRAINT "alert_channels_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_channel_id_alert_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."alert_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_actor_api_key_id_api_keys_id_fk" FOREIGN KEY ("actor_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dead_letter_jobs" ADD CONSTRAINT "dead_letter_jobs_resolved_by_user_id_users_id_fk" FOREIGN KEY ("resolved_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_calls" ADD CONSTRAINT "llm_calls_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_calls" ADD CONSTRAINT "llm_calls_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_emails" ADD CONSTRAINT "outbound_emails_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problem_seeds" ADD CONSTRAINT "problem_seeds_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problem_seeds" ADD CONSTRAINT "problem_seeds_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_seed_id_problem_seeds_id_fk" FOREIGN KEY ("seed_id") REFERENCES "public"."problem_seeds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_cases" ADD CONSTRAINT "test_cases_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_organization_id_idx" ON "api_keys" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "email_verification_tokens_token_hash_key" ON "email_verification_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "email_verification_tokens_user_id_idx" ON "email_verification_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "login_sessions_token_hash_key" ON "login_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "login_sessions_user_id_idx" ON "login_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "login_sessions_expires_at_idx" ON "login_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "member_invitations_token_hash_key" ON "member_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "member_invitations_open_email_key" ON "member_invitations" USING btree ("organization_id","email") WHERE accepted_at IS NULL AND revoked_at IS NULL;--> statement-breakpoint
CREATE INDEX "member_invitations_organization_id_idx" ON "member_invitations" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_organization_id_user_id_key" ON "memberships" USING btree ("organization_id","user_id");--> statement-breakpoint
CREATE INDEX "memberships_user_id_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "password_reset_tokens_user_id_idx" ON "password_reset_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_seeds_assessment_id_seed_id_key" ON "assessment_seeds" USING btree ("assessment_id","seed_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_seeds_assessment_id_position_key" ON "assessment_seeds" USING btree ("assessment_id","position");--> statement-breakpoint
CREATE INDEX "assessment_seeds_seed_id_idx" ON "assessment_seeds" USING btree ("seed_id");--> statement-breakpoint
CREATE INDEX "assessments_organization_id_status_idx" ON "assessments" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "assessments_organization_id_created_at_idx" ON "assessments" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_ledger_entries_reference_key" ON "credit_ledger_entries" USING btree ("organization_id","kind","reference") WHERE reference IS NOT NULL;--> statement-breakpoint
CREATE INDEX "credit_ledger_entries_organization_id_created_at_idx" ON "credit_ledger_entries" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_packages_paddle_price_id_key" ON "credit_packages" USING btree ("paddle_price_id");--> statement-breakpoint
CREATE UNIQUE INDEX "candidate_invitations_token_hash_key" ON "candidate_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "candidate_invitations_live_candidate_key" ON "candidate_invitations" USING btree ("candidate_id") WHERE revoked_at IS NULL;--> statement-breakpoint
CREATE INDEX "candidate_invitations_candidate_id_idx" ON "candidate_invitations" USING btree ("candidate_id");--> statement-breakpoint
CREATE INDEX "candidate_status_history_candidate_id_at_idx" ON "candidate_status_history" USING btree ("candidate_id","at");--> statement-breakpoint
CREATE INDEX "candidate_status_history_to_status_at_idx" ON "candidate_status_history" USING btree ("to_status","at");--> statement-breakpoint
CREATE UNIQUE INDEX "candidates_assessment_id_email_key" ON "candidates" USING btree ("assessment_id","email");--> statement-breakpoint
CREATE INDEX "candidates_organization_id_status_idx" ON "candidates" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "candidates_organization_id_created_at_idx" ON "candidates" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "candidates_assessment_id_status_idx" ON "candidates" USING btree ("assessment_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "code_fingerprints_session_id_question_id_key" ON "code_fingerprints" USING btree ("session_id","question_id");--> statement-breakpoint
CREATE INDEX "code_fingerprints_organization_id_question_id_idx" ON "code_fingerprints" USING btree ("organization_id","question_id");--> statement-breakpoint
CREATE INDEX "code_fingerprints_normalized_hash_idx" ON "code_fingerprints" USING btree ("normalized_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_session_id_scoring_version_key" ON "evaluations" USING btree ("session_id","scoring_version");--> statement-breakpoint
CREATE INDEX "evaluations_candidate_id_idx" ON "evaluations" USING btree ("candidate_id");--> statement-breakpoint
CREATE INDEX "evaluations_organization_id_created_at_idx" ON "evaluations" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "report_share_links_token_hash_key" ON "report_share_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "report_share_links_organization_id_idx" ON "report_share_links" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "report_share_links_candidate_id_idx" ON "report_share_links" USING btree ("candidate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ai_interactions_session_id_question_id_turn_index_key" ON "ai_interactions" USING btree ("session_id","question_id","turn_index");--> statement-breakpoint
CREATE INDEX "ai_interactions_organization_id_created_at_idx" ON "ai_interactions" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_interactions_question_id_idx" ON "ai_interactions" USING btree ("question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "file_snapshots_session_id_event_seq_key" ON "file_snapshots" USING btree ("session_id","event_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "interview_sessions_candidate_id_key" ON "interview_sessions" USING btree ("candidate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "interview_sessions_credential_hash_key" ON "interview_sessions" USING btree ("credential_hash");--> statement-breakpoint
CREATE INDEX "interview_sessions_organization_id_status_idx" ON "interview_sessions" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "interview_sessions_organization_id_started_at_idx" ON "interview_sessions" USING btree ("organization_id","started_at");--> statement-breakpoint
CREATE INDEX "interview_sessions_assessment_id_idx" ON "interview_sessions" USING btree ("assessment_id");--> statement-breakpoint
CREATE INDEX "interview_sessions_active_deadline_idx" ON "interview_sessions" USING btree ("deadline_at") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "session_events_session_id_client_seq_key" ON "session_events" USING btree ("session_id","client_seq") WHERE client_seq IS NOT NULL;--> statement-breakpoint
CREATE INDEX "session_events_session_id_type_idx" ON "session_events" USING btree ("session_id","type");--> statement-breakpoint
CREATE UNIQUE INDEX "session_questions_session_id_position_key" ON "session_questions" USING btree ("session_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "session_questions_session_id_question_id_key" ON "session_questions" USING btree ("session_id","question_id");--> statement-breakpoint
CREATE INDEX "session_questions_question_id_idx" ON "session_questions" USING btree ("question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "test_results_run_id_position_key" ON "test_results" USING btree ("run_id","position");--> statement-breakpoint
CREATE INDEX "test_results_test_case_id_idx" ON "test_results" USING btree ("test_case_id");--> statement-breakpoint
CREATE INDEX "test_runs_session_id_created_at_idx" ON "test_runs" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "test_runs_question_id_idx" ON "test_runs" USING btree ("question_id");--> statement-breakpoint
CREATE INDEX "test_runs_organization_id_created_at_idx" ON "test_runs" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "workspace_files_session_id_path_key" ON "workspace_files" USING btree ("session_id","path");--> statement-breakpoint
CREATE INDEX "alert_channels_organization_id_idx" ON "alert_channels" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_channel_id_dedupe_key_key" ON "alert_deliveries" USING btree ("channel_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "alert_deliveries_fingerprint_created_at_idx" ON "alert_deliveries" USING btree ("fingerprint","created_at");--> statement-breakpoint
CREATE INDEX "audit_logs_organization_id_created_at_idx" ON "audit_logs" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_logs_target_idx" ON "audit_logs" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_logs_actor_user_id_idx" ON "audit_logs" USING btree ("actor_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dead_letter_jobs_queue_job_id_key" ON "dead_letter_jobs" USING btree ("queue","job_id");--> statement-breakpoint
CREATE INDEX "dead_letter_jobs_fingerprint_idx" ON "dead_letter_jobs" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "dead_letter_jobs_queue_status_idx" ON "dead_letter_jobs" USING btree ("queue","status");--> statement-breakpoint
CREATE INDEX "dead_letter_jobs_failed_at_idx" ON "dead_letter_jobs" USING btree ("failed_at");--> statement-breakpoint
CREATE INDEX "llm_calls_organization_id_created_at_idx" ON "llm_calls" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "llm_calls_created_at_idx" ON "llm_calls" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "llm_calls_session_id_idx" ON "llm_calls" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "metrics_samples_name_sampled_at_idx" ON "metrics_samples" USING btree ("name","sampled_at");--> statement-breakpoint
CREATE INDEX "metrics_samples_sampled_at_idx" ON "metrics_samples" USING btree ("sampled_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_emails_dedupe_key_key" ON "outbound_emails" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbound_emails_organization_id_created_at_idx" ON "outbound_emails" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "outbound_emails_status_created_at_idx" ON "outbound_emails" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_jobs_dedupe_key_key" ON "outbox_jobs" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_jobs_unpublished_idx" ON "outbox_jobs" USING btree ("available_at") WHERE published_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_provider_event_id_key" ON "webhook_events" USING btree ("provider","event_id");--> statement-breakpoint
CREATE INDEX "webhook_events_status_received_at_idx" ON "webhook_events" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "problem_seeds_organization_id_idx" ON "problem_seeds" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "questions_bank_key_language_key" ON "questions" USING btree ("bank_key","language");--> statement-breakpoint
CREATE INDEX "questions_organization_id_idx" ON "questions" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "questions_selection_idx" ON "questions" USING btree ("language","difficulty");--> statement-breakpoint
CREATE INDEX "questions_seed_id_idx" ON "questions" USING btree ("seed_id");--> statement-breakpoint
CREATE INDEX "questions_content_hash_idx" ON "questions" USING btree ("content_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "test_cases_question_id_position_key" ON "test_cases" USING btree ("question_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "test_cases_question_id_name_key" ON "test_cases" USING btree ("question_id","name");