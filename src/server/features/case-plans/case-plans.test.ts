import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completedAssessment } from "../../test-support/assessment-fixtures";
import { auditRows, type Client, createTestApp, engineName, signIn, type TestApp } from "../../test-support/harness";
import { caseVersion, intake } from "../../test-support/supervision-fixtures";

const plan = {
  goals: [
    {
      title: "Find steady work",
      needDomain: "education_employment",
      strengthDomains: ["strengths"],
      objectives: [{ description: "Hold a job of 20 hours a week or more", measure: "Pay stubs for four weeks", targetDate: "2026-06-30" }],
      steps: [
        { description: "Refer to the job centre", owner: "officer", dueOn: "2026-03-10" },
        { description: "Bring a CV to the next office visit", owner: "supervisee", dueOn: "2026-03-20" },
        { description: "Interview coaching", owner: "provider", providerName: "Demo County Job Centre" },
      ],
    },
    {
      title: "Stay drug-free",
      needDomain: "substance_abuse",
      objectives: [{ description: "Complete outpatient treatment", measure: "Attendance letter", targetDate: "2026-08-31" }],
      steps: [{ description: "Book an intake at the clinic", owner: "supervisee" }],
    },
  ],
};

describe(`case plans (${engineName})`, () => {
  let test: TestApp;
  let officer: Client;
  let otherUnitOfficer: Client;

  beforeAll(async () => {
    test = await createTestApp();
    test.clock.set(new Date("2026-03-02T15:00:00Z"));
    officer = await signIn(test, "officer.north1");
    otherUnitOfficer = await signIn(test, "officer.south1");
  });
  afterAll(() => test.close());

  const planTasks = (caseId: string) =>
    test.db.query<{ status: string; due_on: string; status_reason: string | null }>(
      "SELECT status, to_char(due_on, 'YYYY-MM-DD') AS due_on, status_reason FROM task WHERE case_id = $1 AND kind = 'case_plan_step' ORDER BY due_on, created_at",
      [caseId],
    );

  it("offers the latest assessment's top needs and strengths, and builds a plan from them whose steps become tasks", async () => {
    const { caseId } = await intake(officer);
    const empty = await officer.get(`/api/v1/cases/${caseId}/case-plan`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ active: null, earlier: [], buildFrom: null, reviewDue: false });
    // No assessment: a goal cannot name a need.
    const early = await officer.post(`/api/v1/cases/${caseId}/case-plan`, plan);
    expect(early.statusCode).toBe(400);
    expect(early.json().issues.map((issue: { field: string }) => issue.field)).toEqual([
      "goals.0.needDomain",
      "goals.0.strengthDomains.0",
      "goals.1.needDomain",
    ]);

    await completedAssessment(officer, caseId);
    const offered = (await officer.get(`/api/v1/cases/${caseId}/case-plan`)).json();
    expect(offered.buildFrom.needs).toEqual([
      { domain: "education_employment", title: "Education and employment", score: 2, max: 3 },
      { domain: "substance_abuse", title: "Substance abuse", score: 1, max: 2 },
    ]);
    expect(offered.buildFrom.strengths.map((strength: { domain: string }) => strength.domain)).toEqual(["strengths"]);

    // A need the assessment did not flag, and a provider without a name: 400 naming each, nothing written.
    const bad = await officer.post(`/api/v1/cases/${caseId}/case-plan`, {
      goals: [
        { ...plan.goals[0], needDomain: "cognitions" },
        { ...plan.goals[1], steps: [{ description: "Group sessions", owner: "provider" }] },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((issue: { field: string }) => issue.field)).toEqual([
      "goals.0.needDomain",
      "goals.1.steps.0.providerName",
    ]);
    const noGoals = await officer.post(`/api/v1/cases/${caseId}/case-plan`, { goals: [] });
    expect(noGoals.statusCode).toBe(400);
    expect((await officer.get(`/api/v1/cases/${caseId}/case-plan`)).json().active).toBeNull();

    const made = await officer.post(`/api/v1/cases/${caseId}/case-plan`, plan);
    expect(made.statusCode, made.body).toBe(201);
    const active = made.json().active;
    expect(active).toMatchObject({
      planNumber: 1,
      status: "active",
      agreement: null,
      version: 1,
      createdBy: { displayName: "Olivia Ortiz" },
      goals: [
        {
          title: "Find steady work",
          need: { domain: "education_employment", title: "Education and employment" },
          strengths: [{ domain: "strengths", title: "Strengths" }],
          progress: { done: 0, total: 3 },
          completedAt: null,
        },
        { title: "Stay drug-free", need: { domain: "substance_abuse", title: "Substance abuse" }, progress: { done: 0, total: 1 } },
      ],
    });
    expect(active.goals[0].steps.map((step: { hasTask: boolean }) => step.hasTask)).toEqual([true, true, false]);
    // The officer's and the supervisee's steps with a due day are the officer's tasks; the provider's and an undated one are not.
    expect(await planTasks(caseId)).toEqual([
      { status: "open", due_on: "2026-03-10", status_reason: null },
      { status: "open", due_on: "2026-03-20", status_reason: null },
    ]);

    // A second plan is a review: it needs the reason and the version reviewed.
    const again = await officer.post(`/api/v1/cases/${caseId}/case-plan`, plan);
    expect(again.statusCode).toBe(400);
    expect(again.json().issues.map((issue: { field: string }) => issue.field)).toEqual(["reviewReason", "expectedVersion"]);

    // Another unit's officer neither reads nor builds it; the refusals are audited.
    expect((await otherUnitOfficer.get(`/api/v1/cases/${caseId}/case-plan`)).statusCode).toBe(403);
    expect((await otherUnitOfficer.post(`/api/v1/cases/${caseId}/case-plan`, plan)).statusCode).toBe(403);
    const audit = await auditRows(test.db, "record_id = $1 AND action LIKE 'case_plan.%'", [caseId]);
    // Refused changes (400) roll back with their allowed row; denials are written on their own.
    expect(audit.map((row) => `${row.action} ${row.outcome}`)).toEqual([
      "case_plan.read allowed",
      "case_plan.read allowed",
      "case_plan.read allowed",
      "case_plan.create allowed",
      "case_plan.read denied",
      "case_plan.review denied",
    ]);
  });

  it("marks steps done: the task closes, the goal's progress follows, a completed goal raises a positive event", async () => {
    const { caseId } = await intake(officer);
    await completedAssessment(officer, caseId);
    const active = (await officer.post(`/api/v1/cases/${caseId}/case-plan`, plan)).json().active;
    const [work, drugs] = active.goals;
    const step = (planId: string, stepId: string, status: string, expectedVersion: number) =>
      officer.post(`/api/v1/case-plans/${planId}/steps/${stepId}/status`, { status, expectedVersion });

    const done = await step(active.id, work.steps[0].id, "done", 1);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ version: 2, goals: [{ progress: { done: 1, total: 3 }, completedAt: null }, {}] });
    expect(done.json().goals[0].steps[0]).toMatchObject({ status: "done", doneBy: { displayName: "Olivia Ortiz" }, hasTask: false });
    expect((await planTasks(caseId)).map((task) => task.status)).toEqual(["done", "open"]);
    // Based on the version before it (another tab): 409, nothing changed.
    expect((await step(active.id, work.steps[1].id, "done", 1)).statusCode).toBe(409);
    // A step of another plan, or a bad status: 404 and 400.
    expect((await step(active.id, randomUUID(), "done", 2)).statusCode).toBe(404);
    expect((await step(active.id, work.steps[1].id, "finished", 2)).statusCode).toBe(400);

    const goalMet = await step(active.id, drugs.steps[0].id, "done", 2);
    expect(goalMet.json().goals[1]).toMatchObject({ progress: { done: 1, total: 1 }, completedAt: test.clock.now().toISOString() });
    const events = () =>
      test.db.query<{ kind: string; withdrawn: boolean }>(
        "SELECT kind, withdrawn_at IS NOT NULL AS withdrawn FROM supervision_event WHERE case_id = $1 AND source_id = $2 ORDER BY created_at",
        [caseId, drugs.id],
      );
    expect(await events()).toEqual([{ kind: "goal_completed", withdrawn: false }]);
    // Opened again: the goal is no longer met and its event is withdrawn (kept as history).
    const reopened = await step(active.id, drugs.steps[0].id, "open", 3);
    expect(reopened.json().goals[1]).toMatchObject({ progress: { done: 0, total: 1 }, completedAt: null });
    expect(await events()).toEqual([{ kind: "goal_completed", withdrawn: true }]);
    // The officer's own dated step opened again is a task again.
    await step(active.id, work.steps[0].id, "open", 4);
    expect((await planTasks(caseId)).map((task) => task.status)).toEqual(["done", "open", "open"]);

    // The supervisee's agreement: "could not agree" needs the reason; a future day is refused.
    const agreement = (body: Record<string, unknown>) => officer.post(`/api/v1/case-plans/${active.id}/agreement`, body);
    const noReason = await agreement({ kind: "not_agreed", on: "2026-03-02", expectedVersion: 5 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().issues).toEqual([{ field: "reason", message: "give the reason" }]);
    expect((await agreement({ kind: "signed", on: "2026-03-03", expectedVersion: 5 })).statusCode).toBe(400);
    const signed = await agreement({ kind: "signed", on: "2026-03-02", expectedVersion: 5 });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().agreement).toMatchObject({
      kind: "signed",
      reason: null,
      on: "2026-03-02",
      recordedBy: { displayName: "Olivia Ortiz" },
    });

    // A reassessment asks for a review of the plan; the review builds on it.
    expect((await officer.get(`/api/v1/cases/${caseId}/case-plan`)).json().reviewDue).toBe(false);
    test.clock.advance(60_000);
    const reassessment = await completedAssessment(officer, caseId);
    expect((await officer.get(`/api/v1/cases/${caseId}/case-plan`)).json().reviewDue).toBe(true);

    // A review: a new version; the old one is kept read-only and its open steps' tasks are dismissed.
    const reviewed = await officer.post(`/api/v1/cases/${caseId}/case-plan`, {
      ...plan,
      reviewReason: "Reassessed after a new job",
      expectedVersion: 6,
    });
    expect(reviewed.statusCode, reviewed.body).toBe(201);
    expect(reviewed.json().active).toMatchObject({
      planNumber: 2,
      reviewReason: "Reassessed after a new job",
      agreement: null,
      assessment: { id: reassessment },
    });
    expect(reviewed.json().reviewDue).toBe(false);
    expect(reviewed.json().earlier).toMatchObject([{ id: active.id, planNumber: 1, status: "superseded", agreement: { kind: "signed" } }]);
    const old = await planTasks(caseId);
    expect(old.filter((task) => task.status === "dismissed").map((task) => task.status_reason)).toEqual([
      "The case plan was reviewed (version 2)",
      "The case plan was reviewed (version 2)",
    ]);
    const oldVersion = reviewed.json().earlier[0].version;
    expect((await step(active.id, work.steps[1].id, "done", oldVersion)).statusCode).toBe(409);
  });

  it("records a motivational-interviewing note with the person's goals, readiness and next steps linked to plan steps", async () => {
    const { caseId } = await intake(officer);
    await completedAssessment(officer, caseId);
    const active = (await officer.post(`/api/v1/cases/${caseId}/case-plan`, plan)).json().active;
    const stepId = active.goals[0].steps[1].id;
    const note = (interview: unknown, noteType = "motivational_interview") =>
      officer.post(`/api/v1/cases/${caseId}/notes`, {
        noteType,
        occurredAt: "2026-03-02T14:00:00Z",
        narrative: "Talked about work and what matters to him.",
        ...(interview === undefined ? {} : { interview }),
      });
    const interview = {
      ownGoals: "I want a job so I can see my daughter on weekends.",
      readiness: 7,
      changeTalk: "\u201cI can't keep doing this.\u201d",
      nextSteps: [{ text: "Bring the CV on Friday", planStepId: stepId }, { text: "Call his sister" }],
    };
    const written = await note(interview);
    expect(written.statusCode, written.body).toBe(201);
    expect(written.json()).toMatchObject({
      noteType: "motivational_interview",
      status: "draft",
      interview: {
        ...interview,
        nextSteps: [
          { text: "Bring the CV on Friday", planStepId: stepId },
          { text: "Call his sister", planStepId: null },
        ],
      },
    });

    const errors = async (body: unknown, noteType?: string) =>
      (await note(body, noteType)).json().issues?.map((issue: { field: string }) => issue.field);
    expect(await errors(undefined)).toEqual(["interview"]);
    expect(await errors(interview, "office")).toEqual(["interview"]);
    // The schema's own check names the body's path.
    expect(await errors({ ...interview, readiness: 11 })).toEqual(["body.interview.readiness"]);
    expect(await errors({ ...interview, nextSteps: [{ text: "Elsewhere", planStepId: randomUUID() }] })).toEqual([
      "interview.nextSteps.0.planStepId",
    ]);
    // Signed, the interview is final with the note.
    const signed = await officer.post(`/api/v1/notes/${written.json().id}/sign`, { expectedVersion: 1 });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().interview.readiness).toBe(7);
  });
  it("dismisses the plan's step tasks and every other open task of the case when the case is closed, saying why", async () => {
    const { caseId } = await intake(officer);
    await completedAssessment(officer, caseId);
    expect((await officer.post(`/api/v1/cases/${caseId}/case-plan`, plan)).statusCode).toBe(201);
    const standing = async () =>
      test.db.query<{ kind: string }>("SELECT kind FROM task WHERE case_id = $1 AND status IN ('open', 'snoozed') ORDER BY kind", [caseId]);
    const before = (await standing()).map((task) => task.kind);
    expect(before).toContain("case_plan_step");
    expect(before).toContain("assessment_due");

    // A change that is not a closure leaves them open.
    expect(
      (
        await officer.patch(`/api/v1/cases/${caseId}`, {
          expectedVersion: await caseVersion(officer, caseId),
          reason: "Reentry",
          tags: ["reentry"],
        })
      ).statusCode,
    ).toBe(200);
    expect((await standing()).map((task) => task.kind)).toEqual(before);

    const closed = await officer.patch(`/api/v1/cases/${caseId}`, {
      expectedVersion: await caseVersion(officer, caseId),
      reason: "Term served",
      status: "closed",
      closureReason: "successful_completion",
      actualEnd: "2026-03-02",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await standing()).toEqual([]);
    expect(await planTasks(caseId)).toEqual([
      { status: "dismissed", due_on: "2026-03-10", status_reason: "Case closed (supervision completed)" },
      { status: "dismissed", due_on: "2026-03-20", status_reason: "Case closed (supervision completed)" },
    ]);
    // The reassessment that was due (the initial one was done by the assessment).
    const assessmentDue = await test.db.query<{ status: string; status_reason: string }>(
      "SELECT status, status_reason FROM task WHERE case_id = $1 AND kind = 'assessment_due' ORDER BY status",
      [caseId],
    );
    expect(assessmentDue).toEqual([
      { status: "dismissed", status_reason: "Case closed (supervision completed)" },
      { status: "done", status_reason: "Assessment completed" },
    ]);
    // Each task's history keeps who closed it and why.
    const [change] = await test.db.query<{ status: string; reason: string }>(
      `SELECT h.status, h.reason FROM task_change h JOIN task t ON t.id = h.task_id
        WHERE t.case_id = $1 AND t.kind = 'case_plan_step' ORDER BY h.id DESC LIMIT 1`,
      [caseId],
    );
    expect(change).toEqual({ status: "dismissed", reason: "Case closed (supervision completed)" });
  });
});
