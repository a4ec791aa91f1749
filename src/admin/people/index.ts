/** People and roles (docs/admin.md): profiles, access requests, members, invitations, the access history. */
export { confirmEmail, EMAIL_TOKEN_HOURS, profileOf, resendEmailConfirmation, updateProfile } from './profile.ts';
export { approveAccessRequest, getAccessRequest, listAccessRequests, rejectAccessRequest, requestAccess, withdrawAccessRequest } from './requests.ts';
export { accessHistory, changeMember, grantMembership, listMembers, revokeMember, type MembershipToGrant } from './members.ts';
export { acceptInvitation, INVITATION_DAYS, invitePerson, inviteAdministrator, listInvitations, revokeInvitation } from './invitations.ts';
