import type { FastifyInstance } from 'fastify';
import type { AdminContext } from '../../admin/index.ts';
import { auditRoutes } from './audit.ts';
import { certificateRoutes } from './certificates.ts';
import { contactPointAdminRoutes } from './contact-points.ts';
import { doctorRoutes } from './doctor.ts';
import { emptyingRoutes } from './emptying.ts';
import { materialRoutes } from './materials.ts';
import { notificationRoutes } from './notifications.ts';
import { organisationRoutes } from './organisation.ts';
import { peopleRoutes } from './people.ts';
import { profileRoutes } from './profile.ts';
import { ruleRoutes } from './rules.ts';
import { statisticsRoutes } from './statistics.ts';
import { monitoringRoutes } from './monitoring.ts';
import { systemRoutes } from './systems.ts';

/**
 * Administration for logged-in people, inside `/api` (session cookie + CSRF header): an
 * organisation's administrators at `/api/admin/organisations/:organisationId/…`, and an employee's own
 * profile, access requests and invitations at `/api/profile`, `/api/access-requests`, `/api/invitations`.
 */
export function adminApi(app: FastifyInstance, ctx: AdminContext, mailDomain: string): void {
  profileRoutes(app, ctx);
  peopleRoutes(app, ctx);
  organisationRoutes(app, ctx);
  systemRoutes(app, ctx);
  certificateRoutes(app, ctx);
  contactPointAdminRoutes(app, ctx);
  materialRoutes(app, ctx);
  ruleRoutes(app, ctx);
  notificationRoutes(app, ctx);
  emptyingRoutes(app, ctx);
  statisticsRoutes(app, ctx);
  monitoringRoutes(app, ctx);
  auditRoutes(app, ctx);
  doctorRoutes(app, { ...ctx, mailDomain });
}
