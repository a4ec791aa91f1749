import type { FastifyInstance } from 'fastify';
import { changeRule, createRule, deleteRule, listRules, orderRules, previewRule, reapplyRules, undoRuleRunOf, type AdminContext } from '../../admin/index.ts';
import {
  AdminParams, NoContent, RuleApplyInput, RuleApplyResult, RuleInput, RuleList, RuleOrder, RuleParams, RulePreview, RulePreviewInput, RuleRunParams,
  RuleUndoResult, RuleView,
} from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { ORGANISATION_PATH as BASE, who } from './organisation-scope.ts';

const TAGS = ['rules'];

/**
 * A mailbox's rules, for the organisation's administrators (docs/rules.md). A rule that names what the
 * organisation does not have, or contradicts itself, is refused with the engine's code (422 family:
 * 400) and every problem in `details`; writing rules needs an extended mailbox (403 EXTENDED_REQUIRED).
 */
export function ruleRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams }>(`${BASE}/rules`, {
    schema: {
      tags: TAGS, summary: 'The mailbox\'s rules in the order they run, what they may name, and the latest re-applications',
      params: AdminParams, response: { 200: RuleList, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<RuleList> => listRules(ctx, ...who(request)));

  app.post<{ Params: AdminParams; Body: RuleInput }>(`${BASE}/rules`, {
    schema: {
      tags: TAGS, summary: 'Add a rule; it runs after the others',
      params: AdminParams, body: RuleInput, response: { 201: RuleView, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.status(201).send(await createRule(ctx, ...who(request), request.body)));

  app.put<{ Params: RuleParams; Body: RuleInput }>(`${BASE}/rules/:ruleId`, {
    schema: {
      tags: TAGS, summary: 'Change a rule (all of it); it keeps its place',
      params: RuleParams, body: RuleInput, response: { 200: RuleView, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<RuleView> => changeRule(ctx, ...who(request), request.params.ruleId, request.body));

  app.delete<{ Params: RuleParams }>(`${BASE}/rules/:ruleId`, {
    schema: {
      tags: TAGS, summary: 'Delete a rule',
      params: RuleParams, response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await deleteRule(ctx, ...who(request), request.params.ruleId);
    return reply.status(204).send();
  });

  app.put<{ Params: AdminParams; Body: RuleOrder }>(`${BASE}/rule-order`, {
    schema: {
      tags: TAGS, summary: 'Put the rules in the order they are to run (every rule once)',
      params: AdminParams, body: RuleOrder, response: { 200: RuleList, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<RuleList> => orderRules(ctx, ...who(request), request.body));

  app.post<{ Params: AdminParams; Body: RulePreviewInput }>(`${BASE}/rules/preview`, {
    schema: {
      tags: TAGS, summary: 'Try a draft rule on the mailbox\'s last 1,000 letters: which it matches and what the rules would do; changes nothing',
      params: AdminParams, body: RulePreviewInput, response: { 200: RulePreview, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<RulePreview> => previewRule(ctx, ...who(request), request.body));

  app.post<{ Params: AdminParams; Body: RuleApplyInput }>(`${BASE}/rules/apply`, {
    schema: {
      tags: TAGS, summary: 'Re-apply the rules to the letters in Indbakke (filing only); without confirm: true only the count that would move',
      params: AdminParams, body: RuleApplyInput, response: { 200: RuleApplyResult, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<RuleApplyResult> => reapplyRules(ctx, ...who(request), request.body.confirm === true));

  app.post<{ Params: RuleRunParams }>(`${BASE}/rule-runs/:runId/undo`, {
    schema: {
      tags: TAGS, summary: 'Undo a re-application: its letters go back where they were, unless moved since',
      params: RuleRunParams, response: { 200: RuleUndoResult, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<RuleUndoResult> => undoRuleRunOf(ctx, ...who(request), request.params.runId));
}
